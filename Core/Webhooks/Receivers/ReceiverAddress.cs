using System.Net;

namespace Sway.Webhooks.Receivers;

/// <summary>
/// Which IP addresses a webhook may reach: public ones only (and loopback in development). Checked when a subscription
/// is made and again when a delivery connects.
/// </summary>
/// <remarks>
/// Hand-written on <see cref="IPNetwork"/> rather than on <c>Microsoft.Security.AntiSSRF</c> 1.0.1, whose ranges it
/// follows. That package offers only a whole <c>HttpMessageHandler</c> (<c>AntiSSRFPolicy.GetHandler()</c>) that resolves
/// names with the system DNS (so DNS rebinding cannot be tested), refuses with "not allowed per policy" and no reason
/// (an <c>AntiSSRFException</c>, not an <see cref="HttpRequestException"/>), allows plain http to every host or to none
/// (not to loopback alone), and has no public check of one address, so the subscription-time check would have had to
/// be written anyway.
/// </remarks>
public static class ReceiverAddress
{
    /// <summary>First match wins: the metadata addresses come before the link-local range they sit in.</summary>
    private static readonly (IPNetwork Network, AddressClass Class)[] Ranges =
    [
        (IPNetwork.Parse("169.254.169.254/32"), AddressClass.CloudMetadata),
        (IPNetwork.Parse("168.63.129.16/32"), AddressClass.CloudMetadata),
        (IPNetwork.Parse("fd00:ec2::254/128"), AddressClass.CloudMetadata),
        (IPNetwork.Parse("0.0.0.0/8"), AddressClass.Unspecified),
        (IPNetwork.Parse("::/128"), AddressClass.Unspecified),
        (IPNetwork.Parse("127.0.0.0/8"), AddressClass.Loopback),
        (IPNetwork.Parse("::1/128"), AddressClass.Loopback),
        (IPNetwork.Parse("10.0.0.0/8"), AddressClass.Private),
        (IPNetwork.Parse("172.16.0.0/12"), AddressClass.Private),
        (IPNetwork.Parse("192.168.0.0/16"), AddressClass.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressClass.SharedAddressSpace),
        (IPNetwork.Parse("169.254.0.0/16"), AddressClass.LinkLocal),
        (IPNetwork.Parse("fe80::/10"), AddressClass.LinkLocal),
        (IPNetwork.Parse("fc00::/7"), AddressClass.UniqueLocal),
        (IPNetwork.Parse("224.0.0.0/4"), AddressClass.Multicast),
        (IPNetwork.Parse("ff00::/8"), AddressClass.Multicast),
        (IPNetwork.Parse("255.255.255.255/32"), AddressClass.Broadcast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressClass.Reserved),
        (IPNetwork.Parse("198.18.0.0/15"), AddressClass.Reserved),
        (IPNetwork.Parse("192.0.0.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("2001::/23"), AddressClass.Reserved),
        (IPNetwork.Parse("100::/64"), AddressClass.Reserved),
        (IPNetwork.Parse("64:ff9b:1::/48"), AddressClass.Reserved),
        (IPNetwork.Parse("fec0::/10"), AddressClass.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressClass.Documentation),
        (IPNetwork.Parse("198.51.100.0/24"), AddressClass.Documentation),
        (IPNetwork.Parse("203.0.113.0/24"), AddressClass.Documentation),
        (IPNetwork.Parse("2001:db8::/32"), AddressClass.Documentation),
        (IPNetwork.Parse("3fff::/20"), AddressClass.Documentation),
    ];

    /// <summary>IPv6 ranges that carry an IPv4 address in their last 32 bits: IPv4-compatible (::/96), IPv4-translated, NAT64.</summary>
    private static readonly IPNetwork[] EmbeddingLast32Bits =
        [IPNetwork.Parse("::/96"), IPNetwork.Parse("::ffff:0:0:0/96"), IPNetwork.Parse("64:ff9b::/96")];

    /// <summary>6to4 carries an IPv4 address in bits 16 to 47.</summary>
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>
    /// The class of <paramref name="address"/>. An IPv6 address that carries an IPv4 address (IPv4-mapped
    /// <c>::ffff:a.b.c.d</c>, IPv4-compatible, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>) is classed by the
    /// IPv4 address, so <c>::ffff:127.0.0.1</c> is loopback.
    /// </summary>
    public static AddressClass Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }

        foreach (var (network, addressClass) in Ranges)
        {
            if (network.Contains(address))
            {
                return addressClass;
            }
        }

        return EmbeddedIPv4(address) is { } embedded ? Classify(embedded) : AddressClass.Public;
    }

    /// <summary>Whether a webhook may be delivered to an address of this class.</summary>
    public static bool IsAllowed(AddressClass addressClass, bool allowLoopback) =>
        addressClass == AddressClass.Public || (allowLoopback && addressClass == AddressClass.Loopback);

    /// <summary>The class in words, for messages: "a private address".</summary>
    public static string Describe(AddressClass addressClass) => addressClass switch
    {
        AddressClass.Public => "a public address",
        AddressClass.Loopback => "a loopback address",
        AddressClass.Private => "a private address",
        AddressClass.LinkLocal => "a link-local address",
        AddressClass.UniqueLocal => "a unique-local address",
        AddressClass.SharedAddressSpace => "a carrier-grade NAT (shared) address",
        AddressClass.Multicast => "a multicast address",
        AddressClass.Unspecified => "an unspecified address",
        AddressClass.CloudMetadata => "a cloud metadata address",
        AddressClass.Broadcast => "the broadcast address",
        AddressClass.Reserved => "a reserved address",
        AddressClass.Documentation => "a documentation address",
        _ => throw new ArgumentOutOfRangeException(nameof(addressClass), addressClass, null),
    };

    /// <summary>The addresses of <paramref name="host"/>: itself when it is an IP literal, else what the resolver answers.</summary>
    internal static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, IHostAddressResolver resolver, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, cancellationToken);

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var length) || length != 16)
        {
            return null;
        }

        foreach (var network in EmbeddingLast32Bits)
        {
            if (network.Contains(address))
            {
                return new IPAddress(bytes[12..]);
            }
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes[2..6]) : null;
    }
}
