using Microsoft.Azure.Functions.Worker;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Functions;

/// <summary>Scores the profiles (up to <see cref="ScoreRequest.MaxProfiles"/>) of each <c>score-requests</c> message (<see cref="ProfileScorer"/>).</summary>
/// <remarks>
/// A failure throws: the host retries the message and moves it to <c>score-requests-poison</c> after
/// <c>maxDequeueCount</c> attempts (host.json). Messages are base64-encoded, as Core's queue clients send them.
/// </remarks>
public sealed class ScoreProfile(ProfileScorer scorer)
{
    [Function("ScoreProfile")]
    public Task RunAsync(
        [QueueTrigger(StorageNames.ScoreRequestsQueue, Connection = StorageOptions.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        scorer.HandleAsync(message, cancellationToken);
}
