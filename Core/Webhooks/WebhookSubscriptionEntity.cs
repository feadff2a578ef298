using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Sway.Webhooks;

/// <summary>A subscription as stored: one row in the <c>Webhooks</c> table, all in one partition (they are few).</summary>
internal sealed class WebhookSubscriptionEntity : ITableEntity
{
    public const string Partition = "subscription";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Url { get; set; } = "";

    /// <summary>Comma-separated event types.</summary>
    public string Events { get; set; } = "";

    /// <summary>A JSON array of profile ids, or null for every profile.</summary>
    public string? ProfileIds { get; set; }

    public int MinChange { get; set; } = 1;

    public string State { get; set; } = nameof(WebhookSubscriptionState.Active);

    public string? DisabledReason { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FailingSince { get; set; }

    public string Secret { get; set; } = "";

    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public static WebhookSubscriptionEntity From(WebhookSubscription s) => new()
    {
        RowKey = s.Id,
        Url = s.Url.AbsoluteUri,
        Events = string.Join(',', s.Events),
        ProfileIds = s.ProfileIds is null ? null : JsonSerializer.Serialize(s.ProfileIds, SwayJson.Options),
        MinChange = s.MinChange,
        State = s.State.ToString(),
        DisabledReason = s.DisabledReason,
        DisabledAt = s.DisabledAt,
        CreatedAt = s.CreatedAt,
        FailingSince = s.FailingSince,
        Secret = s.Secret.Text,
        PreviousSecret = s.PreviousSecret?.Text,
        PreviousSecretExpiresAt = s.PreviousSecretExpiresAt,
    };

    public WebhookSubscription ToSubscription() => new(
        RowKey,
        new Uri(Url),
        Events.Split(',', StringSplitOptions.RemoveEmptyEntries),
        ProfileIds is null ? null : JsonSerializer.Deserialize<string[]>(ProfileIds, SwayJson.Options),
        MinChange,
        Enum.Parse<WebhookSubscriptionState>(State),
        DisabledReason,
        DisabledAt,
        CreatedAt,
        FailingSince,
        WebhookSecret.Parse(Secret),
        PreviousSecret is null ? null : WebhookSecret.Parse(PreviousSecret),
        PreviousSecretExpiresAt);
}
