using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Sway.Domain;
using Sway.Scoring.Senders;
using Sway.Storage;
using Sway.Telemetry;
using Sway.Webhooks;

namespace Sway.Scoring;

/// <summary>
/// Computes a profile's score from the reactions its accounts received in the model's window, each reactor weighed by
/// the current standings (<see cref="StandingStore"/>), and stores it with a daily history row; at the nightly
/// rescoring, it then records the standing its accounts earned and reviews them as senders, for the next night. Idempotent: processing the same request twice stores the same score and one history row.
/// </summary>
public sealed partial class ProfileScorer(
    ProfileStore profiles,
    InteractionStore interactions,
    ScoreStore scores,
    StandingStore standings,
    SenderReviewer senders,
    ReplayClock replayClock,
    WebhookOutbox outbox,
    ScoreRequestQueue requests,
    StorageRetry retry,
    ScoreModel model,
    SwayTelemetry telemetry,
    TimeProvider clock,
    ILogger<ProfileScorer> logger)
{
    private const int MaxAttempts = 5;
    private const int ProfilesAtOnce = 4;

    /// <summary>
    /// Handles one queue message body: scores its profiles, a few at a time, each retried on transient storage
    /// failures (<see cref="StorageRetry"/>). A malformed body throws, so that the host retries and finally poisons it.
    /// When some profiles of a batch still fail, each of them is asked for again in a message of its own and the batch
    /// completes: its other profiles are not scored again and again, and a profile that keeps failing ends in the
    /// poison queue alone. A message of one profile that fails throws, so the host retries it and finally poisons it.
    /// </summary>
    public async Task HandleAsync(string messageBody, CancellationToken cancellationToken)
    {
        if (!ScoreRequest.TryParse(messageBody, out var request, out var error))
        {
            throw new FormatException(error);
        }

        var failures = new System.Collections.Concurrent.ConcurrentQueue<(string ProfileId, Exception Error)>();
        await Parallel.ForEachAsync(
            request.ProfileIds,
            new ParallelOptions { MaxDegreeOfParallelism = ProfilesAtOnce, CancellationToken = cancellationToken },
            async (profileId, ct) =>
            {
                try
                {
                    await retry.RunAsync($"score {profileId}", c => ScoreAsync(profileId, request.Reason == ScoreRequestReason.Nightly, c), ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    failures.Enqueue((profileId, ex));
                }
            });
        if (failures.IsEmpty)
        {
            return;
        }

        if (request.ProfileIds.Count == 1)
        {
            throw new AggregateException($"Profile {request.ProfileIds[0]} failed; the message will be delivered again.", failures.Select(f => f.Error));
        }

        var failed = failures.Select(f => f.ProfileId).ToList();
        await requests.EnqueueEachAsync(failed, request.Reason, cancellationToken);
        foreach (var (profileId, ex) in failures)
        {
            LogSplitOff(logger, ex, profileId, request.ProfileIds.Count);
        }
    }

    /// <summary>
    /// Scores and stores; returns null when the profile does not exist (erased, or never linked). The store is
    /// conditional on the score row read before the reactions: when another scoring of the same profile (a duplicate
    /// message, a second worker) wrote in between, this one scores again from what is stored now, so the last stored
    /// score always saw every reaction stored before its request. A change that a webhook subscription wants is stored
    /// with the score, as an outbox event, and dispatched right after (<see cref="WebhookOutbox"/>).
    /// </summary>
    /// <param name="profileId">The profile.</param>
    /// <param name="nightly">
    /// True for the nightly rescoring, the step of the power iteration: it also records the standing the profile's
    /// accounts earned and reviews them for rings, into today's standings, which count from the next night on.
    /// Scorings on new activity only read the current standings.
    /// </param>
    /// <param name="cancellationToken">Cancels the scoring.</param>
    public async Task<ScoreResult?> ScoreAsync(string profileId, bool nightly, CancellationToken cancellationToken)
    {
        using var activity = SwayTelemetry.StartScoring(profileId);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await scores.GetVersionAsync(profileId, cancellationToken);
            var profile = await profiles.GetAsync(profileId, cancellationToken);
            if (profile is null)
            {
                LogUnknownProfile(logger, profileId);
                return null;
            }

            if (profile.Accounts.Count == 0)
            {
                LogNoAccounts(logger, profileId);
                return null;
            }

            var now = clock.GetUtcNow();
            var asOf = await replayClock.AsOfAsync(profile, now, cancellationToken);
            // The reactions stream into the ledger, none held; the nightly review needs only who reacted how often.
            var current = await standings.CurrentAsync(cancellationToken);
            var ledger = new ScoreLedger(model, profile, asOf, current);
            var receivedFrom = profile.Accounts.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToList();
            var read = 0;
            foreach (var account in profile.Accounts)
            {
                await foreach (var interaction in interactions.ReadReceivedAsync(account.Network, account.AccountId, asOf - model.Window, asOf, cancellationToken))
                {
                    ledger.Add(interaction);
                    read++;
                    for (var a = 0; nightly && a < profile.Accounts.Count; a++)
                    {
                        if (senders.IsReceivedFrom(interaction, profile.Accounts[a].Network, profile.Accounts[a].AccountId, asOf))
                        {
                            CollectionsMarshal.GetValueRefOrAddDefault(receivedFrom[a], interaction.ActorId, out _)++;
                        }
                    }
                }
            }

            var workings = ledger.Close(now);
            var saved = await TrySaveAsync(workings.Result, profile.Accounts, stored, cancellationToken);
            if (saved == Saving.Erased)
            {
                return null;
            }

            if (saved == Saving.Saved)
            {
                if (nightly)
                {
                    await standings.SaveStandingsAsync(workings.Standings, current, cancellationToken);
                    for (var a = 0; a < profile.Accounts.Count; a++)
                    {
                        await senders.ReviewAsync(profile.Accounts[a].Network, profile.Accounts[a].AccountId, asOf, receivedFrom[a], cancellationToken);
                    }
                }

                LogScored(logger, profile.Id, workings.Result.Score, workings.Result.ModelVersion, read);
                return workings.Result;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"Profile {profileId} was scored concurrently {MaxAttempts} times in a row; the queue will retry.");
            }

            LogConcurrentScoring(logger, profileId, attempt);
        }
    }

    /// <summary>
    /// Scores profiles from reactions the caller holds instead of reading them: a bulk replay, which holds every reaction
    /// it stored. Each is as <see cref="ScoreAsync"/> on new activity (not nightly), so the stored rows are the same,
    /// provided each <see cref="HeldScoring.Received"/> is what storage holds for the profile's accounts, in storage order
    /// (account by account, each newest first: <see cref="InteractionStore.ReceivedKey"/>). The steps that follow the
    /// score's own transaction are taken for the whole batch at once: the check that a profile scored for the first
    /// time was not erased meanwhile (one query per Profiles partition, <see cref="ProfileStore.ExistingAsync"/>) and
    /// the copies into the handle rows (transactions per Accounts partition, <see cref="ScoreStore.CopyToHandlesAsync"/>).
    /// A profile scored by someone else meanwhile is scored again on its own. Returns how many were scored.
    /// </summary>
    /// <param name="held">The profiles and what they received.</param>
    /// <param name="asOf">The moment they are scored as of (<see cref="ReplayClock"/>).</param>
    /// <param name="parallelism">How many storage calls run at once.</param>
    /// <param name="cancellationToken">Cancels the scoring.</param>
    public async Task<int> ScoreHeldAsync(IReadOnlyList<HeldScoring> held, DateTimeOffset asOf, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        var current = await standings.CurrentAsync(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        var written = new System.Collections.Concurrent.ConcurrentBag<HeldWrite>();
        var concurrent = new System.Collections.Concurrent.ConcurrentBag<HeldScoring>();
        await Parallel.ForEachAsync(held, parallel, async (one, ct) =>
        {
            var stored = one.Created ? null : await retry.RunAsync($"read the score of {one.Profile.Id}", c => scores.GetVersionAsync(one.Profile.Id, c), ct);
            var result = model.Evaluate(one.Profile, one.Received, asOf, clock.GetUtcNow(), current).Result;
            var change = await outbox.ChangeRowAsync(result, stored?.Score, ct);
            var write = await retry.RunAsync($"score {one.Profile.Id}", c => scores.TryWriteAsync(result, one.Profile.Accounts, stored?.Version, change, c), ct);
            if (write is null)
            {
                concurrent.Add(one);
            }
            else
            {
                written.Add(new HeldWrite(one, write, First: stored is null, WroteChange: change is not null));
            }
        });

        // Erased while this scoring ran: the first score row it just wrote must not outlive the profile.
        var firsts = written.Where(w => w.First).Select(w => w.Held.Profile.Id).ToList();
        var existing = firsts.Count == 0 ? new HashSet<string>() : await retry.RunAsync("check the scored profiles exist", c => profiles.ExistingAsync(firsts, c), cancellationToken);
        var erased = firsts.Where(id => !existing.Contains(id)).ToHashSet(StringComparer.Ordinal);
        foreach (var id in erased)
        {
            await retry.RunAsync($"delete the score of {id}", c => scores.DeleteAllAsync(id, c), cancellationToken);
            LogUnknownProfile(logger, id);
        }

        var kept = written.Where(w => !erased.Contains(w.Held.Profile.Id)).ToList();
        await retry.RunAsync("copy the scores into the handle rows", c => scores.CopyToHandlesAsync([.. kept.Select(w => w.Write)], parallelism, c), cancellationToken);
        await Parallel.ForEachAsync(kept, parallel, async (w, ct) =>
        {
            await retry.RunAsync($"dispatch the change of {w.Held.Profile.Id}", c => outbox.DispatchAsync(w.Held.Profile.Id, w.WroteChange, c), ct);
            telemetry.Scored(w.Write.Scored.Score);
            LogScored(logger, w.Held.Profile.Id, w.Write.Scored.Score.Score, w.Write.Scored.Score.ModelVersion, w.Held.Received.Count);
        });

        var again = 0;
        foreach (var one in concurrent)
        {
            again += await retry.RunAsync($"score {one.Profile.Id}", c => ScoreHeldAloneAsync(one.Profile, one.Received, asOf, c), cancellationToken) is null ? 0 : 1;
        }

        return kept.Count + again;
    }

    /// <summary>One profile of a held batch scored by someone else meanwhile: scored again on its own, from its score row.</summary>
    private async Task<ScoreResult?> ScoreHeldAloneAsync(Profile profile, IReadOnlyList<Interaction> received, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        using var activity = SwayTelemetry.StartScoring(profile.Id);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await scores.GetVersionAsync(profile.Id, cancellationToken);
            var current = await standings.CurrentAsync(cancellationToken);
            var result = model.Evaluate(profile, received, asOf, clock.GetUtcNow(), current).Result;
            switch (await TrySaveAsync(result, profile.Accounts, stored, cancellationToken))
            {
                case Saving.Saved:
                    LogScored(logger, profile.Id, result.Score, result.ModelVersion, received.Count);
                    return result;
                case Saving.Erased:
                    return null;
                case Saving.Concurrent when attempt == MaxAttempts:
                    throw new InvalidOperationException($"Profile {profile.Id} was scored concurrently {MaxAttempts} times in a row.");
                default:
                    LogConcurrentScoring(logger, profile.Id, attempt);
                    break;
            }
        }
    }

    /// <summary>A held profile's score as written, whether it was its first, and whether a change event was stored with it.</summary>
    private sealed record HeldWrite(HeldScoring Held, WrittenScore Write, bool First, bool WroteChange);

    /// <summary>
    /// Stores a score conditionally on the score row read before it (<paramref name="stored"/>), with its webhook
    /// change in the same transaction, then dispatches the change. A first score row written for a profile erased
    /// meanwhile is deleted again.
    /// </summary>
    private async Task<Saving> TrySaveAsync(ScoreResult result, IReadOnlyList<LinkedAccount> accounts, StoredScore? stored, CancellationToken cancellationToken)
    {
        var change = await outbox.ChangeRowAsync(result, stored?.Score, cancellationToken);
        if (!await scores.TrySaveAsync(result, accounts, stored?.Version, change, cancellationToken))
        {
            return Saving.Concurrent;
        }

        if (stored is null && await profiles.GetAsync(result.ProfileId, cancellationToken) is null)
        {
            // Erased while this scoring ran: the first score row it just wrote must not outlive the profile.
            await scores.DeleteAllAsync(result.ProfileId, cancellationToken);
            LogUnknownProfile(logger, result.ProfileId);
            return Saving.Erased;
        }

        await outbox.DispatchAsync(result.ProfileId, wroteOne: change is not null, cancellationToken);
        telemetry.Scored(result);
        return Saving.Saved;
    }

    private enum Saving
    {
        Saved,
        Concurrent,
        Erased,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profile {ProfileId} failed in a batch of {Count}; asked for again in a message of its own")]
    private static partial void LogSplitOff(ILogger logger, Exception exception, string profileId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profile {ProfileId} does not exist (erased or never linked); nothing to score")]
    private static partial void LogUnknownProfile(ILogger logger, string profileId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profile {ProfileId} links no account yet (its proof is pending); nothing to score")]
    private static partial void LogNoAccounts(ILogger logger, string profileId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scored {ProfileId}: {Score} (model {ModelVersion}, {Reactions} reactions)")]
    private static partial void LogScored(ILogger logger, string profileId, int score, string modelVersion, int reactions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Profile {ProfileId} was scored by someone else meanwhile (attempt {Attempt}); scoring again")]
    private static partial void LogConcurrentScoring(ILogger logger, string profileId, int attempt);
}
