using System.Net;

namespace Sway.Webhooks.Receivers;

/// <summary>
/// A delivery refused to connect: the receiver's host resolved (at connect time) to an address webhooks may not reach.
/// <see cref="SocketsHttpHandler"/> hands it on as the inner exception of the <see cref="HttpRequestException"/> that
/// the request fails with.
/// </summary>
public sealed class ReceiverAddressRefusedException(string host, IPAddress address, AddressClass addressClass)
    : HttpRequestException(HttpRequestError.ConnectionError, $"Webhook receiver {host} resolves to {address}, {ReceiverAddress.Describe(addressClass)}: refused to connect.")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;

    public AddressClass AddressClass { get; } = addressClass;
}
