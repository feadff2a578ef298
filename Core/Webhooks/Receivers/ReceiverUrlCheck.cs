using System.Diagnostics.CodeAnalysis;

namespace Sway.Webhooks.Receivers;

/// <summary>What <see cref="ReceiverUrl.CheckAsync"/> found: the normalised URL, or why it is refused.</summary>
public sealed record ReceiverUrlCheck
{
    private ReceiverUrlCheck(Uri? url, string? error)
    {
        Url = url;
        Error = error;
    }

    /// <summary>The URL as <see cref="Uri"/> normalised it (lower-case host, dotted IPv4), when allowed.</summary>
    public Uri? Url { get; }

    /// <summary>Why the URL is refused, naming the field <c>url</c>: the detail of a 400 problem body.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Url))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsAllowed => Url is not null;

    internal static ReceiverUrlCheck Allowed(Uri url) => new(url, null);

    internal static ReceiverUrlCheck Refused(string error) => new(null, error);
}
