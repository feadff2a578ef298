using Microsoft.Azure.Functions.Worker;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Functions;

/// <summary>
/// Pages through the shard of the Profiles table named by each <c>rescore-shards</c> message and enqueues its profiles'
/// score requests in batches of up to <see cref="ScoreRequest.MaxProfiles"/> (<see cref="ShardRescorer"/>); a long shard goes on in a new message.
/// </summary>
/// <remarks>
/// A failure throws: the host retries the message and moves it to <c>rescore-shards-poison</c> after
/// <c>maxDequeueCount</c> attempts (host.json). Messages are base64-encoded, as Core's queue clients send them.
/// </remarks>
public sealed class RescoreShard(ShardRescorer rescorer)
{
    [Function("RescoreShard")]
    public Task RunAsync(
        [QueueTrigger(StorageNames.RescoreShardsQueue, Connection = StorageOptions.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        rescorer.HandleAsync(message, cancellationToken);
}
