using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sway.Domain;
using Sway.Scoring;

namespace Sway.Telemetry;

/// <summary>
/// Sway's traces and metrics, under one name (<c>Sway</c>) for the hosts to export with OpenTelemetry:
/// a span per pull and per scoring, and counters of what the pipeline did.
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

    public void WebhookDelivered(string eventType, TimeSpan sinceEvent) =>
        _webhookLatency.Record(sinceEvent.TotalSeconds, new KeyValuePair<string, object?>("sway.event_type", eventType));
}
