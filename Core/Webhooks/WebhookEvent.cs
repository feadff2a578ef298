using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sway.Domain;

namespace Sway.Webhooks;

/// <summary>
/// One event as receivers get it, per Standard Webhooks: <c>{"type", "timestamp", "data"}</c>. The body is fixed when
/// the event happens, so every attempt and every resend carries the same bytes; <see cref="Id"/> is the
/// <c>webhook-id</c>, the receiver's idempotency key.
/// </summary>
public sealed record WebhookEvent(string Id, string Type, DateTimeOffset Timestamp, string Body, string? ProfileId)
{
    private const string IdPrefix = "msg_";

    public static WebhookEvent ScoreChanged(ScoreResult score, int? previous, DateTimeOffset now) =>
        Create(WebhookEventTypes.ScoreChanged, now, new ScoreChange(score.ProfileId, score.Score, previous, score.ModelVersion, score.AsOf), score.ProfileId);

    public static WebhookEvent ProfileErased(string profileId, DateTimeOffset now) =>
        Create(WebhookEventTypes.ProfileErased, now, new Erasure(profileId), profileId);

    public static WebhookEvent Test(string subscriptionId, DateTimeOffset now) =>
        Create(WebhookEventTypes.Test, now, new TestData(subscriptionId, "A test event sent on request; it means nothing else."), null);

    /// <summary>
    /// <c>msg_</c>, the inverted ticks of <paramref name="now"/> and 8 random bytes: unique, and newest first in a table,
    /// so a subscription's deliveries list newest first without sorting.
    /// </summary>
    public static string NewId(DateTimeOffset now) =>
        IdPrefix + (DateTime.MaxValue.Ticks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static bool IsId(string? id) =>
        id is { Length: 4 + 19 + 16 } && id.StartsWith(IdPrefix, StringComparison.Ordinal)
        && !id.AsSpan(4, 19).ContainsAnyExceptInRange('0', '9')
        && !id.AsSpan(23).ContainsAnyExcept(LowerHex);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static WebhookEvent Create<T>(string type, DateTimeOffset now, T data, string? profileId)
    {
        var body = JsonSerializer.Serialize(new Envelope<T>(type, now, data), SwayJson.Options);
        return new WebhookEvent(NewId(now), type, now, body, profileId);
    }

    private sealed record Envelope<T>(string Type, DateTimeOffset Timestamp, T Data);

    private sealed record ScoreChange(
        string ProfileId,
        int Score,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Previous,
        string ModelVersion,
        DateTimeOffset AsOf);

    private sealed record Erasure(string ProfileId);

    private sealed record TestData(string SubscriptionId, string Note);
}
