using Sway.Storage;

namespace Sway.Telemetry;

/// <summary>
/// Samples the depth and the oldest message's age of score-requests and webhook-deliveries and of their poison queues,
/// for the gauges of <see cref="SwayTelemetry"/>. Both hosts call it every minute: the local host from a background
/// loop, the Functions app from its <c>SampleQueues</c> timer. Two reads per queue; nothing is received or changed.
/// </summary>
public sealed class QueueSampler(SwayStorage storage, SwayTelemetry telemetry, TimeProvider clock)
{
    /// <summary>Every minute, at second 0 (six-field cron, UTC): the Functions timer's schedule and the local host's.</summary>
    public const string Schedule = "0 * * * * *";

    public async Task<IReadOnlyList<QueueSample>> SampleAsync(CancellationToken cancellationToken)
    {
        var queues = StorageNames.Queues.SelectMany(q => new[] { (Name: q, Poison: false), (Name: StorageNames.PoisonQueueOf(q), Poison: true) });
        var samples = await Task.WhenAll(queues.Select(q => SampleAsync(q.Name, q.Poison, cancellationToken)));
        foreach (var sample in samples)
        {
            telemetry.QueueSampled(sample);
        }

        return samples;
    }

    private async Task<QueueSample> SampleAsync(string name, bool poison, CancellationToken cancellationToken)
    {
        var queue = storage.Queue(name);
        var properties = await queue.GetPropertiesAsync(cancellationToken);
        var oldest = (await queue.PeekMessageAsync(cancellationToken)).Value;
        var age = oldest?.InsertedOn is { } inserted ? clock.GetUtcNow() - inserted : TimeSpan.Zero;
        return new QueueSample(name, poison, properties.Value.ApproximateMessagesCount, age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }
}
