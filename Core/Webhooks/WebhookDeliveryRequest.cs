using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sway.Webhooks;

/// <summary>
/// A <c>webhook-deliveries</c> message: make attempt <paramref name="Attempt"/> of run <paramref name="Run"/> of this
/// delivery. The numbers make duplicates harmless: a message for an attempt already made, or for an earlier run
/// (before a resend), finds the delivery past it and does nothing.
/// </summary>
public sealed record WebhookDeliveryRequest(string SubscriptionId, string DeliveryId, int Run, int Attempt)
{
    public string ToJson() => JsonSerializer.Serialize(this, SwayJson.Options);

    public static bool TryParse(string? json, [NotNullWhen(true)] out WebhookDeliveryRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        try
        {
            request = JsonSerializer.Deserialize<WebhookDeliveryRequest>(json ?? "", SwayJson.Options);
        }
        catch (JsonException ex)
        {
            error = $"A webhook delivery message is JSON {{\"subscriptionId\", \"deliveryId\", \"run\", \"attempt\"}}: {ex.Message}";
            return false;
        }

        if (request is null || !WebhookSubscription.IsId(request.SubscriptionId) || !WebhookEvent.IsId(request.DeliveryId)
            || request.Run < 1 || request.Attempt < 1)
        {
            request = null;
            error = "A webhook delivery message names a subscription id (wh_…), a delivery id (msg_…), a run and an attempt (from 1).";
            return false;
        }

        error = null;
        return true;
    }
}
