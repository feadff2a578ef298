using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sway.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64 of HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>,
/// one per secret, space-separated in the <c>webhook-signature</c> header, so that a secret can rotate while
/// receivers accept either. Receivers reject timestamps more than five minutes away from their clock.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How far a timestamp may be from the receiver's clock.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const string Version = "v1";

    /// <summary>The <c>webhook-signature</c> header value: one signature per secret, space-separated.</summary>
    public static string Sign(string messageId, DateTimeOffset timestamp, string body, IEnumerable<WebhookSecret> secrets) =>
        string.Join(' ', secrets.Select(secret => $"{Version},{Convert.ToBase64String(Hmac(secret, messageId, timestamp.ToUnixTimeSeconds(), body))}"));

    /// <summary>
    /// Whether a delivery is authentic: all three headers present, a timestamp within <see cref="Tolerance"/> of
    /// <paramref name="now"/>, and at least one <c>v1</c> signature in the header that matches (compared in constant time).
    /// </summary>
    public static bool Verify(string? messageId, string? timestamp, string? signatureHeader, string body, WebhookSecret secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(signatureHeader)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Hmac(secret, messageId, seconds, body);
        foreach (var signature in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = signature.IndexOf(',', StringComparison.Ordinal);
            var given = new byte[expected.Length + 3];
            if (comma > 0 && signature[..comma] == Version
                && Convert.TryFromBase64String(signature[(comma + 1)..], given, out var length)
                && CryptographicOperations.FixedTimeEquals(given.AsSpan(0, length), expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Hmac(WebhookSecret secret, string messageId, long unixSeconds, string body) =>
        HMACSHA256.HashData(secret.Key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{unixSeconds}.{body}")));
}
