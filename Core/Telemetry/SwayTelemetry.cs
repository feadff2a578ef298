using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sway.Domain;
using Sway.Scoring;

namespace Sway.Telemetry;

/// <summary>
/// Sway's traces and metrics, under one name (<c>Sway</c>) for the hosts to export with OpenTelemetry:
/// a span per pull and per scoring, counters of what the pipeline did, and the operator's gauges: queue depth and the
/// age of the oldest message (fed by <see cref="QueueSampler"/>), poison messages, profiles per nightly run and lookup latency.
/// </summary>
public sealed class SwayTelemetry
{
    public const string Name = "Sway";

    /// <summary>The activity sources a host exports as traces: the same list in both hosts.</summary>
    public static IReadOnlyList<string> SourceNames { get; } = [Name];

    /// <summary>The meters a host exports as metrics: the same list in both hosts.</summary>
    public static IReadOnlyList<string> MeterNames { get; } = [Name];

    private static readonly ActivitySource Source = new(Name);
    private readonly Counter<long> _interactionsStored;
    private readonly Counter<long> _scoreRequests;
    private readonly Counter<long> _profilesScored;
    private readonly Histogram<int> _scores;
    private readonly Counter<long> _webhookAttempts;
    private readonly Histogram<double> _webhookAttemptDuration;
    private readonly Histogram<double> _webhookLatency;
    private readonly Counter<long> _nightlyProfiles;
    private readonly Histogram<double> _lookupDuration;
    private readonly ConcurrentDictionary<string, QueueSample> _queues = new(StringComparer.Ordinal);

    public SwayTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _interactionsStored = meter.CreateCounter<long>("sway.interactions.stored", "{interaction}", "Reactions stored (re-reads of the same event included)");
        _scoreRequests = meter.CreateCounter<long>("sway.score_requests.enqueued", "{request}", "Score requests sent to the queue");
        _profilesScored = meter.CreateCounter<long>("sway.profiles.scored", "{profile}", "Profiles scored and stored");
        _scores = meter.CreateHistogram<int>("sway.score", "{score}", "The scores computed (1-100)");
        _webhookAttempts = meter.CreateCounter<long>("sway.webhook.attempts", "{attempt}", "Webhook delivery attempts, by outcome");
        _webhookAttemptDuration = meter.CreateHistogram<double>("sway.webhook.attempt.duration", "s", "How long a webhook attempt took");
        _webhookLatency = meter.CreateHistogram<double>("sway.webhook.latency", "s", "From an event (a score change) to its successful delivery");
        _nightlyProfiles = meter.CreateCounter<long>("sway.nightly.profiles", "{profile}", "Profiles the nightly fan-out asked to score (added by each shard message; a night's sum is the run's)");
        _lookupDuration = meter.CreateHistogram<double>("sway.lookup.duration", "s", "How long a score lookup took, by route and outcome (HTTP status)");
        meter.CreateObservableGauge("sway.queue.depth", () => QueueMeasurements(s => s.Depth), "{message}", "Messages in each queue (poison queues included), as last sampled");
        meter.CreateObservableGauge("sway.queue.oldest_age", () => QueueMeasurements(s => s.OldestAge.TotalSeconds), "s", "Age of the oldest message in each queue, as last sampled (0 when empty)");
        meter.CreateObservableGauge(
            "sway.queue.poison",
            () => QueueMeasurements(s => s.Depth, poisonOnly: true),
            "{message}",
            "Messages in each poison queue (those that failed every attempt), as last sampled");
    }

    public static Activity? StartPull(string source) =>
        Source.StartActivity("sway.pull")?.SetTag("sway.source", source);

    public static Activity? StartScoring(string profileId) =>
        Source.StartActivity("sway.score")?.SetTag("sway.profile_id", profileId);

    public void InteractionsStored(string network, int count) =>
        _interactionsStored.Add(count, new KeyValuePair<string, object?>("sway.network", network));

    public void ScoreRequestsEnqueued(ScoreRequestReason reason, int count) =>
        _scoreRequests.Add(count, new KeyValuePair<string, object?>("sway.reason", reason.ToString()));

    public void Scored(ScoreResult result)
    {
        var version = new KeyValuePair<string, object?>("sway.model_version", result.ModelVersion);
        _profilesScored.Add(1, version);
        _scores.Record(result.Score, version);
    }

    public void WebhookAttempted(string eventType, bool succeeded, TimeSpan duration)
    {
        var type = new KeyValuePair<string, object?>("sway.event_type", eventType);
        _webhookAttempts.Add(1, type, new KeyValuePair<string, object?>("sway.outcome", succeeded ? "delivered" : "failed"));
        _webhookAttemptDuration.Record(duration.TotalSeconds, type);
    }

    /// <summary>A nightly rescore run finished, having enqueued this many profiles.</summary>
    public void NightlyProfilesEnqueued(int profiles) => _nightlyProfiles.Add(profiles);

    /// <summary>A score lookup answered with <paramref name="status"/> after <paramref name="duration"/>.</summary>
    public void LookupAnswered(string route, int status, TimeSpan duration) =>
        _lookupDuration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("sway.route", route),
            new KeyValuePair<string, object?>("sway.outcome", status));

    /// <summary>The latest sample of a queue; the gauges report it until the next one.</summary>
    public void QueueSampled(QueueSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _queues[sample.Queue] = sample;
    }

    private IEnumerable<Measurement<T>> QueueMeasurements<T>(Func<QueueSample, T> value, bool poisonOnly = false)
        where T : struct =>
        _queues.Values.Where(s => s.Poison || !poisonOnly).Select(s => new Measurement<T>(
            value(s),
            new KeyValuePair<string, object?>("sway.queue", s.Queue),
            new KeyValuePair<string, object?>("sway.poison", s.Poison)));

    public void WebhookDelivered(string eventType, TimeSpan sinceEvent) =>
        _webhookLatency.Record(sinceEvent.TotalSeconds, new KeyValuePair<string, object?>("sway.event_type", eventType));
}
