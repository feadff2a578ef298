using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Sway.Domain;

/// <summary>Profile ids: lower-case letters, digits and dashes, safe in URLs and table keys.</summary>
public static partial class ProfileId
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>
    /// The deterministic id of a profile enrolled automatically for one account (demo and dataset modes),
    /// so that replaying the same activity twice finds the same profile: <c>higgs-88</c>, or a hash when the id is not plain.
    /// </summary>
    public static string ForAccount(string network, string accountId)
    {
        var plain = $"{network}-{accountId}";
        if (plain.Length <= MaxLength && Pattern().IsMatch(plain) && !accountId.Contains('-', StringComparison.Ordinal) && !HashLike().IsMatch(accountId))
        {
            return plain;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{network}\n{accountId}"));
        return $"{network}-h{Convert.ToHexStringLower(hash, 0, 12)}";
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z")]
    private static partial Regex Pattern();

    // An account id shaped like a hashed id is hashed too, so that it cannot impersonate another account's profile.
    [GeneratedRegex(@"^h[0-9a-f]{24}\z")]
    private static partial Regex HashLike();
}
