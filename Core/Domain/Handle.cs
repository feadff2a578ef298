using System.Diagnostics.CodeAnalysis;

namespace Sway.Domain;

/// <summary>
/// Validates and normalises handles that come from outside (URLs, CLI arguments).
/// A handle is compared case-insensitively; one leading '@' is accepted and dropped.
/// </summary>
public static class Handle
{
    public const int MaxLength = 253;

    public static bool TryNormalize(Network network, string? raw, [NotNullWhen(true)] out string? handle, [NotNullWhen(false)] out string? error)
    {
        handle = null;
        if (string.IsNullOrEmpty(raw))
        {
            error = "The handle is empty.";
            return false;
        }

        if (raw.Length > MaxLength)
        {
            error = $"The handle is {raw.Length} characters long; at most {MaxLength} are allowed.";
            return false;
        }

        if (raw.Any(char.IsControl))
        {
            error = "The handle contains control characters.";
            return false;
        }

        var candidate = (raw.StartsWith('@') ? raw[1..] : raw).ToLowerInvariant();
        if (!network.HandlePattern.IsMatch(candidate))
        {
            error = $"'{Printable(raw)}' is not a valid {network.DisplayName} handle.";
            return false;
        }

        handle = candidate;
        error = null;
        return true;
    }

    /// <summary>A short, printable rendering of untrusted input for error messages.</summary>
    public static string Printable(string raw)
    {
        var shown = new string([.. raw.Take(64).Select(c => char.IsControl(c) ? '\uFFFD' : c)]);
        return raw.Length > 64 ? shown + "…" : shown;
    }
}
