using Sway.Connectors;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Privacy;

/// <summary>
/// Removes what Sway holds about one account once no profile links it (unlinked, or its profile erased): its index rows
/// first (so no pull stores more for it), the reactions it received (by receiver and by sender), its standing and
/// verdicts, and any connector cursor that names it; the reactions it sent to others stay, under its pseudonym only
/// (<see cref="AccountPseudonym"/>), and the profiles that received them are scored again, so that no explanation
/// still names the account as an amplifier. Every step is idempotent: running it again after a crash finishes the job.
/// </summary>
public sealed class AccountDataPurge(
    ProfileStore profiles,
    InteractionStore interactions,
    StandingStore standings,
    CursorStore cursors,
    AccountPseudonym pseudonyms,
    ScoreRequestQueue scoreRequests,
    StorageRetry retry)
{
    public async Task<AccountPurge> PurgeAsync(LinkedAccount account, CancellationToken cancellationToken)
    {
        var (network, id) = (account.Network, account.AccountId);
        var index = await retry.RunAsync($"unindex a {network} account", ct => profiles.DeleteIndexAsync(account, ct), cancellationToken);
        var received = await retry.RunAsync($"delete the reactions a {network} account received", ct => interactions.DeleteReceivedAsync(network, id, ct), cancellationToken);
        var sent = await retry.RunAsync($"pseudonymise the reactions a {network} account sent", ct => interactions.PseudonymiseSentAsync(network, id, pseudonyms.Of(network, id), ct), cancellationToken);
        var receivers = await retry.RunAsync("find the profiles the account reacted to", ct => profiles.FindByAccountsAsync(network, [.. sent.Distinct(StringComparer.Ordinal)], ct), cancellationToken);
        await scoreRequests.EnqueueAsync(receivers.Values, ScoreRequestReason.Activity, cancellationToken);
        var standing = await retry.RunAsync($"forget the standing of a {network} account", ct => standings.ForgetAsync(network, id, ct), cancellationToken);
        var cursorsFixed = await retry.RunAsync("take the account out of the pull cursors", ct => ForgetInCursorsAsync(id, ct), cancellationToken);
        return new AccountPurge(received, sent.Count, standing, cursorsFixed, index);
    }

    private async Task<int> ForgetInCursorsAsync(string accountId, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var (source, stored) in await cursors.ListCursorsAsync(cancellationToken))
        {
            if (ConnectorCursor.Parse(stored) is { } cursor && cursor.Without(accountId) is var without && without != cursor)
            {
                await cursors.ReplaceCursorAsync(source, without.ToJson(), cancellationToken);
                changed++;
            }
        }

        return changed;
    }
}
