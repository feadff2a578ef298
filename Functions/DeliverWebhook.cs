using Microsoft.Azure.Functions.Worker;
using Sway.Storage;
using Sway.Webhooks;

namespace Sway.Functions;

/// <summary>Makes the webhook delivery attempt each <c>webhook-deliveries</c> message names (<see cref="WebhookDeliverer"/>).</summary>
/// <remarks>
/// Retries are new messages delayed by the queue, so this function never sleeps. A failure throws (storage, not the
/// receiver: a receiver's failure is recorded and rescheduled), and the host retries, then poisons the message.
/// </remarks>
public sealed class DeliverWebhook(WebhookDeliverer deliverer)
{
    [Function("DeliverWebhook")]
    public Task RunAsync(
        [QueueTrigger(StorageNames.WebhookDeliveriesQueue, Connection = StorageOptions.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        deliverer.HandleAsync(message, cancellationToken);
}
