using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Sway.Webhooks;

/// <summary>
/// A Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of 24 to 64 random bytes. The key that
/// signs is the decoded bytes.
/// </summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";
    private const int MinBytes = 24;
    private const int MaxBytes = 64;

    private WebhookSecret(string text, byte[] key)
    {
        Text = text;
        Key = key;
    }

    /// <summary>The secret as shown to its owner once: <c>whsec_…</c>.</summary>
    public string Text { get; }

    internal byte[] Key { get; }

    /// <summary>A new secret of 32 random bytes.</summary>
    public static WebhookSecret Generate() => Parse(Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public static WebhookSecret Parse(string text) =>
        TryParse(text, out var secret, out var error) ? secret : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error)
    {
        secret = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"A webhook secret starts with '{Prefix}'.";
            return false;
        }

        var key = new byte[MaxBytes + 3];
        if (!Convert.TryFromBase64String(text[Prefix.Length..], key, out var length) || length is < MinBytes or > MaxBytes)
        {
            error = $"A webhook secret is '{Prefix}' followed by the base64 of {MinBytes} to {MaxBytes} bytes.";
            return false;
        }

        secret = new WebhookSecret(text, key[..length]);
        error = null;
        return true;
    }

    /// <summary>Never the secret itself: secrets are not logged.</summary>
    public override string ToString() => Prefix + "…";
}
