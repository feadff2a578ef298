using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Sway.Domain;

namespace Sway.Privacy;

/// <summary>
/// The one rule for who is kept by name: on a live network (<see cref="Network.IsLive"/>), a reactor who has not linked
/// the account is stored only as a pseudonym, a keyed hash of the account's stable id (HMAC-SHA256 under
/// <see cref="PrivacyOptions.PseudonymKey"/>, <c>~</c> and 24 hex digits). The same reactor always gets the same
/// pseudonym, so their reactions still weigh by their standing and behaviour; without the key nobody can tell who it is.
/// Tombstones of erased accounts are keyed the same way, so they hold no id either.
/// </summary>
public sealed class AccountPseudonym(IOptions<PrivacyOptions> options)
{
    public const char Marker = '~';

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.PseudonymKey);

    public string Of(string network, string accountId)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(accountId);
        if (IsPseudonym(accountId))
        {
            return accountId;
        }

        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{network}\n{accountId}"));
        return Marker + Convert.ToHexStringLower(hash, 0, 12);
    }

    /// <summary>
    /// A live network's event id under the same key: the networks' own ids often embed the reactor's id (a like's
    /// <c>like:{post}:{did}</c>, a reply's URI), so they are kept only this way; the same event always gets the same one.
    /// </summary>
    public string OfEvent(string network, string eventId) => Of(network, "event\n" + eventId);

    public static bool IsPseudonym(string accountId) =>
        accountId is { Length: 25 } && accountId[0] == Marker && !accountId.AsSpan(1).ContainsAnyExcept(LowerHex);
}
