using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Sway.Webhooks;

/// <summary>A delivery as stored: the <c>WebhookDeliveries</c> table, one partition per subscription, newest first.</summary>
internal sealed class WebhookDeliveryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string EventType { get; set; } = "";

    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string State { get; set; } = nameof(WebhookDeliveryState.Pending);

    public int Run { get; set; } = 1;

    public int AttemptsInRun { get; set; }

    /// <summary>A JSON array of <see cref="WebhookAttempt"/>.</summary>
    public string Attempts { get; set; } = "[]";

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? FailedReason { get; set; }

    public static WebhookDeliveryEntity From(WebhookDelivery d) => new()
    {
        PartitionKey = d.SubscriptionId,
        RowKey = d.Id,
        EventType = d.EventType,
        Body = d.Body,
        CreatedAt = d.CreatedAt,
        State = d.State.ToString(),
        Run = d.Run,
        AttemptsInRun = d.AttemptsInRun,
        Attempts = JsonSerializer.Serialize(d.Attempts, SwayJson.Options),
        NextAttemptAt = d.NextAttemptAt,
        ClaimedUntil = d.ClaimedUntil,
        DeliveredAt = d.DeliveredAt,
        FailedReason = d.FailedReason,
    };

    public WebhookDelivery ToDelivery() => new(
        PartitionKey,
        RowKey,
        EventType,
        Body,
        CreatedAt,
        Enum.Parse<WebhookDeliveryState>(State),
        Run,
        AttemptsInRun,
        JsonSerializer.Deserialize<WebhookAttempt[]>(Attempts, SwayJson.Options) ?? [],
        NextAttemptAt,
        ClaimedUntil,
        DeliveredAt,
        FailedReason);
}
