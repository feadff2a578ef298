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
            var received = new List<Interaction>();
            foreach (var account in profile.Accounts)
            {
                await foreach (var interaction in interactions.ReadReceivedAsync(account.Network, account.AccountId, asOf - model.Window, asOf, cancellationToken))
                {
                    received.Add(interaction);
                }
            }

            var current = await standings.CurrentAsync(cancellationToken);
            var workings = model.Evaluate(profile, received, asOf, now, current);
            var result = workings.Result;
            var change = await outbox.ChangeRowAsync(result, stored?.Score, cancellationToken);
            if (await scores.TrySaveAsync(result, profile.Accounts, stored?.Version, change, cancellationToken))
            {
                if (stored is null && await profiles.GetAsync(profileId, cancellationToken) is null)
                {
                    // Erased while this scoring ran: the first score row it just wrote must not outlive the profile.
                    await scores.DeleteAllAsync(profileId, cancellationToken);
                    LogUnknownProfile(logger, profileId);
                    return null;
                }

                await outbox.DispatchAsync(profileId, wroteOne: change is not null, cancellationToken);
                if (nightly)
                {
                    await standings.SaveStandingsAsync(workings.Standings, current, cancellationToken);
                    foreach (var account in profile.Accounts)
                    {
                        await senders.ReviewAsync(account.Network, account.AccountId, asOf, received, cancellationToken);
                    }
                }

                telemetry.Scored(result);
                LogScored(logger, profile.Id, result.Score, result.ModelVersion, received.Count);
                return result;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"Profile {profileId} was scored concurrently {MaxAttempts} times in a row; the queue will retry.");
            }

            LogConcurrentScoring(logger, profileId, attempt);
        }
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
