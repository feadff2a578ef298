using Microsoft.Azure.Functions.Worker;
using Sway.Scoring;

namespace Sway.Functions;

/// <summary>Enqueues a score request for every profile on <c>RESCORE_SCHEDULE</c>, 02:00 UTC by default (<see cref="NightlyRescorer"/>).</summary>
public sealed class NightlyRescore(NightlyRescorer rescorer)
{
    [Function("NightlyRescore")]
    public Task RunAsync([TimerTrigger("%RESCORE_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        rescorer.RunAsync(cancellationToken);
}
