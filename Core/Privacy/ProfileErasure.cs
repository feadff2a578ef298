using Microsoft.Extensions.Logging;
using Sway.Api;
using Sway.Domain;
using Sway.Linking;
using Sway.Storage;
using Sway.Webhooks;

namespace Sway.Privacy;

/// <summary>
/// Opt-out and erasure (<c>DELETE /api/profiles/{id}</c>): everything Sway holds about a profile goes, in an order that
/// a crash cannot turn into a leak, and that a second call finishes:
/// <list type="number">
/// <item>a tombstone per linked account (keyed by pseudonym), so no pull, replay or nightly run brings it back and its
/// reactions to others count only under its pseudonym;</item>
/// <item>each account's data (<see cref="AccountDataPurge"/>) and the profile's pending links;</item>
/// <item>its scores, history and unsent score events; its webhook deliveries; <c>profile.erased</c> to subscribers,
/// then its id out of subscription filters;</item>
/// <item>the profile row, last: while it exists, calling again goes on where a crash stopped.</item>
/// </list>
/// A score message still in the queue finds no profile and does nothing (<see cref="Scoring.ProfileScorer"/>).
/// </summary>
public sealed partial class ProfileErasure(
    ProfileStore profiles,
    LinkStore links,
    ScoreStore scores,
    TombstoneStore tombstones,
    AccountDataPurge purge,
    WebhookSubscriptionStore subscriptions,
    WebhookDeliveryStore deliveries,
    WebhookOutbox outbox,
    StorageRetry retry,
    TimeProvider clock,
    ILogger<ProfileErasure> logger)
{
    public async Task<Outcome<ErasureReport>> EraseAsync(string? profileId, CancellationToken cancellationToken)
    {
        if (profileId is null || !ProfileId.IsValid(profileId))
        {
            return Problem.BadRequest($"'{Handle.Printable(profileId ?? "")}' is not a profile id (lower-case letters, digits and dashes, at most {ProfileId.MaxLength}).");
        }

        try
        {
            return await EraseValidAsync(profileId, cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex, cancellationToken) || ex is StorageUnavailableException)
        {
            return Problem.Unavailable("Sway's storage is not answering; the erasure stopped part-way and is safe to ask for again.");
        }
    }

    private async Task<ErasureReport> EraseValidAsync(string profileId, CancellationToken cancellationToken)
    {
        var profile = await retry.RunAsync("read the profile", ct => profiles.GetAsync(profileId, ct), cancellationToken);
        if (profile is null)
        {
            return new ErasureReport(profileId, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        var now = clock.GetUtcNow();
        foreach (var account in profile.Accounts)
        {
            await retry.RunAsync("tombstone an account", ct => tombstones.AddAsync(account.Network, account.AccountId, now, ct), cancellationToken);
        }

        var purged = new List<AccountPurge>();
        foreach (var account in profile.Accounts)
        {
            purged.Add(await purge.PurgeAsync(account, cancellationToken));
        }

        var pending = await retry.RunAsync("delete the pending links", ct => links.DeleteAllAsync(profileId, ct), cancellationToken);
        var scoreRows = await retry.RunAsync("delete the scores and history", ct => scores.DeleteAllAsync(profileId, ct), cancellationToken);

        var deliveriesDeleted = 0;
        var filters = 0;
        var all = await retry.RunAsync("list the webhook subscriptions", ct => subscriptions.ListAsync(ct), cancellationToken);
        foreach (var subscription in all)
        {
            deliveriesDeleted += await retry.RunAsync("delete webhook deliveries about the profile", ct => deliveries.DeleteAboutProfileAsync(subscription.Id, profileId, WebhookEventTypes.ProfileErased, ct), cancellationToken);
        }

        await retry.RunAsync("announce the erasure", ct => outbox.PublishAsync(WebhookEvent.ProfileErased(profileId, now), ct), cancellationToken);
        foreach (var subscription in all.Where(s => s.ProfileIds?.Contains(profileId) == true))
        {
            await retry.RunAsync("take the profile out of a webhook filter", ct => subscriptions.UpdateAsync(subscription.Id, s => s with { ProfileIds = [.. s.ProfileIds?.Where(p => p != profileId) ?? []] }, ct), cancellationToken);
            filters++;
        }

        await retry.RunAsync("delete the profile", ct => profiles.DeleteAsync(profileId, ct), cancellationToken);
        var report = new ErasureReport(
            profileId,
            ProfileFound: true,
            profile.Accounts.Count,
            pending,
            purged.Sum(p => p.ReactionsReceived),
            purged.Sum(p => p.ReactionsSentPseudonymised),
            scoreRows,
            purged.Sum(p => p.StandingRows),
            purged.Sum(p => p.Cursors),
            deliveriesDeleted,
            filters,
            profile.Accounts.Count);
        LogErased(logger, report.Accounts, report.ReactionsReceived, report.ScoreRows);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased a profile: {Accounts} accounts tombstoned, {Reactions} reactions and {ScoreRows} score rows deleted")]
    private static partial void LogErased(ILogger logger, int accounts, int reactions, int scoreRows);
}
