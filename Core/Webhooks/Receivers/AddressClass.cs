namespace Sway.Webhooks.Receivers;

/// <summary>
/// What kind of address an IP address is, as far as webhook delivery cares: <see cref="Public"/> is the only class a
/// receiver may have (and <see cref="Loopback"/> in development). See <see cref="ReceiverAddress.Classify"/>.
/// </summary>
public enum AddressClass
{
    /// <summary>A globally routable address: receivers live here.</summary>
    Public,

    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,

    /// <summary>10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918).</summary>
    Private,

    /// <summary>169.254.0.0/16, fe80::/10.</summary>
    LinkLocal,

    /// <summary>fc00::/7 (RFC 4193).</summary>
    UniqueLocal,

    /// <summary>100.64.0.0/10, the carrier-grade NAT shared address space (RFC 6598).</summary>
    SharedAddressSpace,

    /// <summary>224.0.0.0/4, ff00::/8.</summary>
    Multicast,

    /// <summary>0.0.0.0/8, ::.</summary>
    Unspecified,

    /// <summary>Instance metadata and host services: 169.254.169.254, 168.63.129.16 (Azure), fd00:ec2::254 (AWS).</summary>
    CloudMetadata,

    /// <summary>255.255.255.255.</summary>
    Broadcast,

    /// <summary>
    /// Not meant to be reached on the internet: 240.0.0.0/4, benchmarking 198.18.0.0/15, IETF protocol assignments
    /// (192.0.0.0/24, 2001::/23 with Teredo), discard-only 100::/64, local-use NAT64 64:ff9b:1::/48, site-local fec0::/10.
    /// </summary>
    Reserved,

    /// <summary>192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20.</summary>
    Documentation,
}
