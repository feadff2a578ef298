using System.Security.Cryptography;
using System.Text;

namespace Sway.Linking;

/// <summary>
/// The one-time code a person places in an account's bio, profile fields or a post to prove they control it:
/// <c>sway-</c> and 12 random characters from an alphabet without look-alikes (60 bits). Only its SHA-256 is stored, so
/// a leaked table proves nothing; it is found case-insensitively anywhere in the account's texts.
/// </summary>
public static class ProofCode
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private const int Length = 12;

    public static string New() => "sway-" + RandomNumberGenerator.GetString(Alphabet, Length);

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToLowerInvariant())));

    /// <summary>The code whose hash is <paramref name="hash"/>, if one of <paramref name="texts"/> contains it.</summary>
    public static bool AppearsIn(string hash, IEnumerable<string> texts) =>
        texts.SelectMany(Candidates).Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(candidate)), Encoding.ASCII.GetBytes(hash)));

    /// <summary>Every <c>sway-xxxxxxxxxxxx</c> in a text.</summary>
    private static IEnumerable<string> Candidates(string text)
    {
        var lower = text.ToLowerInvariant();
        for (var at = lower.IndexOf("sway-", StringComparison.Ordinal); at >= 0; at = lower.IndexOf("sway-", at + 1, StringComparison.Ordinal))
        {
            if (at + 5 + Length <= lower.Length)
            {
                yield return lower.Substring(at, 5 + Length);
            }
        }
    }
}
