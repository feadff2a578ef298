using Azure.Storage.Queues;
using Sway.Storage;

namespace Sway.Webhooks;

/// <summary>
/// Sends <c>webhook-deliveries</c> messages, delayed with the queue's visibility timeout: a retry waits in the queue,
/// not in a sleeping worker. Each message is a hint to look at a delivery; the delivery row decides what is due.
/// </summary>
public sealed class WebhookDeliveryQueue(SwayStorage storage, StorageRetry retry)
{
    /// <summary>The queue's limit on a message's initial invisibility.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    private readonly QueueClient _queue = storage.WebhookDeliveriesQueue;

    public Task EnqueueAsync(WebhookDeliveryRequest request, TimeSpan delay, CancellationToken cancellationToken)
    {
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : (delay > MaxDelay ? MaxDelay : delay);
        return retry.RunAsync(
            "queue a webhook delivery",
            ct => _queue.SendMessageAsync(request.ToJson(), visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: ct),
            cancellationToken);
    }
}
