using Microsoft.Azure.Functions.Worker;
using Sway.Telemetry;

namespace Sway.Functions;

/// <summary>
/// Every minute, samples the depth and oldest-message age of each queue and poison queue for the operator's gauges
/// (<see cref="QueueSampler"/>); the OpenTelemetry exporter reports the latest sample.
/// </summary>
public sealed class SampleQueues(QueueSampler sampler)
{
    [Function("SampleQueues")]
    public Task RunAsync([TimerTrigger(QueueSampler.Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sampler.SampleAsync(cancellationToken);
}
