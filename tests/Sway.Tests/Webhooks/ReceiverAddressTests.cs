using System.Net;
using Sway.Webhooks.Receivers;

namespace Sway.Tests.Webhooks;

/// <summary>Address classes: the boundaries of each forbidden range, and IPv6 forms that carry an IPv4 address.</summary>
public sealed class ReceiverAddressTests
{
    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("11.0.0.1")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void A_public_address_is_public(string address) =>
        Assert.Equal(AddressClass.Public, ReceiverAddress.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("169.254.169.254", AddressClass.CloudMetadata)]
    [InlineData("168.63.129.16", AddressClass.CloudMetadata)]
    [InlineData("fd00:ec2::254", AddressClass.CloudMetadata)]
    [InlineData("169.254.169.253", AddressClass.LinkLocal)]
    [InlineData("172.31.255.255", AddressClass.Private)]
    [InlineData("100.127.255.255", AddressClass.SharedAddressSpace)]
    [InlineData("0.1.2.3", AddressClass.Unspecified)]
    [InlineData("127.255.255.254", AddressClass.Loopback)]
    [InlineData("239.255.255.255", AddressClass.Multicast)]
    [InlineData("255.255.255.255", AddressClass.Broadcast)]
    [InlineData("240.0.0.1", AddressClass.Reserved)]
    [InlineData("198.19.0.1", AddressClass.Reserved)]
    [InlineData("fec0::1", AddressClass.Reserved)]
    [InlineData("2001:0:4136:e378::1", AddressClass.Reserved)]
    [InlineData("192.0.2.1", AddressClass.Documentation)]
    [InlineData("2001:db8::1", AddressClass.Documentation)]
    [InlineData("::ffff:169.254.169.254", AddressClass.CloudMetadata)]
    [InlineData("::ffff:192.168.0.1", AddressClass.Private)]
    [InlineData("::127.0.0.1", AddressClass.Loopback)]
    [InlineData("::ffff:0:10.0.0.1", AddressClass.Private)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressClass.CloudMetadata)]
    [InlineData("64:ff9b::7f00:1", AddressClass.Loopback)]
    [InlineData("2002:7f00:1::1", AddressClass.Loopback)]
    [InlineData("2002:a00:1::", AddressClass.Private)]
    [InlineData("fe80::1%2", AddressClass.LinkLocal)]
    public void An_address_is_classified_by_its_narrowest_range_and_by_the_IPv4_address_it_carries(string address, AddressClass expected) =>
        Assert.Equal(expected, ReceiverAddress.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData(AddressClass.Public, false, true)]
    [InlineData(AddressClass.Loopback, false, false)]
    [InlineData(AddressClass.Loopback, true, true)]
    [InlineData(AddressClass.Private, true, false)]
    [InlineData(AddressClass.CloudMetadata, true, false)]
    public void Only_public_addresses_are_allowed_and_loopback_in_development(AddressClass addressClass, bool allowLoopback, bool allowed) =>
        Assert.Equal(allowed, ReceiverAddress.IsAllowed(addressClass, allowLoopback));
}
