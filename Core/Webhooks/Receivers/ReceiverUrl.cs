using System.Net;
using System.Net.Sockets;

namespace Sway.Webhooks.Receivers;

/// <summary>
/// The check of a subscriber's URL when the subscription is made: an absolute https URL of at most
/// <see cref="MaxLength"/> characters, without user-info or fragment, whose host (an IP literal, or a name and then
/// every address it resolves to) is public. In development (<c>allowLoopback</c>) loopback receivers are allowed too,
/// over http or https; every other class stays refused. Deliveries check the addresses again when they connect
/// (<see cref="ReceiverConnection"/>), since a name may resolve differently by then.
/// </summary>
/// <remarks>
/// <see cref="Uri"/> normalises the odd IPv4 forms (<c>2130706433</c>, <c>0x7f.1</c>, <c>0177.0.0.1</c>, <c>127.1</c>)
/// to dotted quads, so they are classified like <c>127.0.0.1</c>; a host with a trailing dot (<c>10.0.0.1.</c>) is a
/// name and goes to the resolver, whose answers are classified in turn.
/// </remarks>
public static class ReceiverUrl
{
    public const int MaxLength = 2048;

    private const string HttpsOnly = "webhooks are delivered over https only.";

    public static async Task<ReceiverUrlCheck> CheckAsync(string? url, bool allowLoopback, IHostAddressResolver resolver, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return ReceiverUrlCheck.Refused("url: a receiver URL is required.");
        }

        if (url.Length > MaxLength)
        {
            return Refuse(url[..64] + "…", $"a receiver URL has at most {MaxLength} characters.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return Refuse(url, "it is not an absolute URL.");
        }

        // On Unix "/hooks" parses as file:///hooks: the scheme check refuses it.
        var https = uri.Scheme == Uri.UriSchemeHttps;
        if (!https && !(allowLoopback && uri.Scheme == Uri.UriSchemeHttp))
        {
            return Refuse(url, HttpsOnly);
        }

        if (uri.UserInfo.Length > 0)
        {
            var shown = uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);
            return Refuse(shown, "a receiver URL carries no user-info (user:password@); deliveries are authenticated by their signature.");
        }

        if (uri.Fragment.Length > 0)
        {
            return Refuse(url, "a receiver URL has no fragment (#…).");
        }

        var host = uri.IdnHost;
        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = await ReceiverAddress.ResolveAsync(host, resolver, cancellationToken);
        }
        catch (SocketException)
        {
            addresses = [];
        }

        if (addresses.Count == 0)
        {
            return Refuse(url, $"its host {host} does not resolve.");
        }

        var literal = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
        foreach (var address in addresses)
        {
            var addressClass = ReceiverAddress.Classify(address);
            if (!ReceiverAddress.IsAllowed(addressClass, allowLoopback))
            {
                var description = ReceiverAddress.Describe(addressClass);
                return Refuse(url, literal ? $"{address} is {description}." : $"{host} resolves to {address}, {description}.");
            }
        }

        if (!https && addresses.Any(address => ReceiverAddress.Classify(address) != AddressClass.Loopback))
        {
            return Refuse(url, HttpsOnly + " (Plain http is allowed to loopback receivers in development only.)");
        }

        return ReceiverUrlCheck.Allowed(uri);
    }

    private static ReceiverUrlCheck Refuse(string shown, string reason) =>
        ReceiverUrlCheck.Refused($"url: '{shown}' is not allowed: {reason}");
}
