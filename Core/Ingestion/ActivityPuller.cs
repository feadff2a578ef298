using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Ingestion;

/// <summary>
/// One pull run (the <c>PullActivity</c> timer): for each source, read from its stored cursor in batches; for each
/// batch, resolve the receiving accounts to profiles (enrolling them where the source allows), store the
/// interactions idempotently, ask for the affected profiles to be scored, and only then advance the cursor.
/// A profile is asked for once per run, and once more at the end if later batches touched it again.
/// </summary>
public sealed partial class ActivityPuller(
    IEnumerable<IActivitySource> sources,
    ProfileStore profiles,
    InteractionStore interactions,
    CursorStore cursors,
    ScoreRequestQueue scoreRequests,
    SwayTelemetry telemetry,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<ActivityPuller> logger)
{
    private readonly IngestionOptions _options = options.Value;

    /// <summary>Called after each batch is stored, for progress reporting.</summary>
    public event Action<PullProgress>? BatchStored;

    public async Task<PullReport> PullAsync(CancellationToken cancellationToken)
    {
        var report = PullReport.Empty;
        foreach (var source in sources)
        {
            report += await PullAsync(source, cancellationToken);
        }

        return report;
    }

    public async Task<PullReport> PullAsync(IActivitySource source, CancellationToken cancellationToken)
    {
        using var activity = SwayTelemetry.StartPull(source.Name);
        var cursor = await cursors.GetCursorAsync(source.Name, cancellationToken);
        var requestedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var touchedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var report = PullReport.Empty;
        var clockAt = source.Network.IsReplay ? await cursors.GetClockAsync(source.Network.Name, cancellationToken) : null;

        for (var batchNumber = 1; report.Read < _options.MaxEventsPerRun; batchNumber++)
        {
            var batch = await source.ReadAsync(cursor, Math.Min(_options.BatchSize, _options.MaxEventsPerRun - report.Read), cancellationToken);
            var stored = await StoreAsync(source, batch.Interactions, known, cancellationToken);

            var affected = stored.Select(i => known[i.TargetId]).Distinct(StringComparer.Ordinal).ToList();
            foreach (var profileId in affected)
            {
                touchedAt[profileId] = batchNumber;
            }

            // A replayed dataset is scored as of its newest event: move its clock before anyone scores this batch.
            if (source.Network.IsReplay && batch.Interactions.Count > 0)
            {
                var batchNewest = batch.Interactions.Max(i => i.OccurredAt);
                if (clockAt is null || batchNewest > clockAt)
                {
                    await cursors.SaveClockAsync(source.Network.Name, batchNewest, cancellationToken);
                    clockAt = batchNewest;
                }
            }

            var fresh = affected.Where(p => !requestedAt.ContainsKey(p)).ToList();
            await scoreRequests.EnqueueAsync(fresh, ScoreRequestReason.Activity, cancellationToken);
            foreach (var profileId in fresh)
            {
                requestedAt[profileId] = batchNumber;
            }

            if (batch.NextCursor != cursor)
            {
                await cursors.SaveCursorAsync(source.Name, batch.NextCursor, cancellationToken);
                cursor = batch.NextCursor;
            }

            report += new PullReport(batch.Interactions.Count, stored.Count, 0, fresh.Count);
            BatchStored?.Invoke(new PullProgress(source.Name, report.Read, report.Stored, requestedAt.Count));
            if (batch.Exhausted || batch.Interactions.Count == 0)
            {
                break;
            }
        }

        // Profiles touched again after their request went out are asked for once more, so their score sees every batch.
        var again = touchedAt.Where(t => t.Value > requestedAt[t.Key]).Select(t => t.Key).ToList();
        await scoreRequests.EnqueueAsync(again, ScoreRequestReason.Activity, cancellationToken);

        report = report with { Profiles = requestedAt.Count, Requests = report.Requests + again.Count };
        if (report.Read > 0)
        {
            LogPulled(logger, source.Name, report.Read, report.Stored, report.Profiles);
        }
        else
        {
            LogNothingNew(logger, source.Name);
        }

        return report;
    }

    /// <summary>Stores the interactions whose receiver has (or, in enrolling sources, gets) a profile; returns them.</summary>
    private async Task<IReadOnlyList<Interaction>> StoreAsync(
        IActivitySource source, IReadOnlyList<Interaction> batch, Dictionary<string, string> known, CancellationToken cancellationToken)
    {
        var candidates = batch.Where(i => i.ActorId != i.TargetId && i.Network == source.Network.Name).ToList();
        var unknown = candidates.Select(i => i.TargetId).Where(t => !known.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var found = await profiles.FindByAccountsAsync(source.Network.Name, unknown, cancellationToken);
            foreach (var (accountId, profileId) in found)
            {
                known[accountId] = profileId;
            }

            if (source.Enrollment == ProfileEnrollment.EveryReceiver)
            {
                var origin = source.Network.IsReplay ? ProfileOrigin.Dataset : ProfileOrigin.Demo;
                var now = clock.GetUtcNow();
                var enrolled = unknown.Where(a => !found.ContainsKey(a))
                    .Select(a => new Profile(ProfileId.ForAccount(source.Network.Name, a), [source.Describe(a)], origin, now))
                    .ToList();
                await profiles.SaveAsync(enrolled, cancellationToken);
                foreach (var profile in enrolled)
                {
                    known[profile.Accounts[0].AccountId] = profile.Id;
                }
            }
        }

        var stored = candidates.Where(i => known.ContainsKey(i.TargetId)).ToList();
        await interactions.WriteAsync(stored, cancellationToken);
        telemetry.InteractionsStored(source.Network.Name, stored.Count);
        return stored;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Source}: read {Read}, stored {Stored}, {Profiles} profiles to score")]
    private static partial void LogPulled(ILogger logger, string source, int read, int stored, int profiles);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pulled {Source}: nothing new")]
    private static partial void LogNothingNew(ILogger logger, string source);
}
