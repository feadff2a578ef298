using System.Security.Cryptography;

namespace Sway.Webhooks;

/// <summary>
/// Where and what to send: a receiver URL, the event types, an optional filter (profiles, and the least score change
/// that counts) and the signing secrets. During a rotation the previous secret signs too, until it expires.
/// </summary>
public sealed record WebhookSubscription(
    string Id,
    Uri Url,
    IReadOnlyList<string> Events,
    IReadOnlyList<string>? ProfileIds,
    int MinChange,
    WebhookSubscriptionState State,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FailingSince,
    WebhookSecret Secret,
    WebhookSecret? PreviousSecret,
    DateTimeOffset? PreviousSecretExpiresAt)
{
    private const string IdPrefix = "wh_";

    public static string NewId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static bool IsId(string? id) =>
        id is { Length: 3 + 20 } && id.StartsWith(IdPrefix, StringComparison.Ordinal) && !id.AsSpan(3).ContainsAnyExcept(LowerHex);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public bool IsActive => State == WebhookSubscriptionState.Active;

    /// <summary>Whether an event of this type about this profile is for this subscription (the change filter aside).</summary>
    public bool Wants(string eventType, string? profileId) =>
        IsActive && Events.Contains(eventType) && (ProfileIds is null || (profileId is not null && ProfileIds.Contains(profileId)));

    /// <summary>Whether a score change is big enough: a first score always is.</summary>
    public bool WantsChange(string profileId, int? previous, int score) =>
        Wants(WebhookEventTypes.ScoreChanged, profileId) && (previous is null || Math.Abs(score - previous.Value) >= MinChange);

    /// <summary>The secrets that sign now: the current one, and the previous one until its overlap ends.</summary>
    public IReadOnlyList<WebhookSecret> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];
}
