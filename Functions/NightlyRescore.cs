using Microsoft.Azure.Functions.Worker;
using Sway.Scoring;

namespace Sway.Functions;

/// <summary>Advances the standings and enqueues one <c>rescore-shards</c> message per Profiles shard on <c>RESCORE_SCHEDULE</c>, 02:00 UTC by default (<see cref="NightlyRescorer"/>).</summary>
public sealed class NightlyRescore(NightlyRescorer rescorer)
{
    [Function("NightlyRescore")]
    public Task RunAsync([TimerTrigger("%RESCORE_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        rescorer.RunAsync(cancellationToken);
}
