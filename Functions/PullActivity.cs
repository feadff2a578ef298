using Microsoft.Azure.Functions.Worker;
using Sway.Ingestion;

namespace Sway.Functions;

/// <summary>Pulls new activity from every configured source on <c>PULL_SCHEDULE</c> (<see cref="ActivityPuller"/>).</summary>
public sealed class PullActivity(ActivityPuller puller)
{
    /// <summary>A failed run is not retried; the next scheduled run goes on from the stored cursors.</summary>
    [Function("PullActivity")]
    public Task RunAsync([TimerTrigger("%PULL_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        puller.PullAsync(cancellationToken);
}
