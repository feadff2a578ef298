using System.ComponentModel.DataAnnotations;

namespace Sway.Connectors.Bluesky;

/// <summary>Settings of the Bluesky connector (section <c>Connectors:Bluesky</c>).</summary>
public sealed class BlueskyOptions
{
    public const string Section = "Connectors:Bluesky";

    /// <summary>Whether Sway reads Bluesky: links Bluesky accounts and pulls the reactions to their posts.</summary>
    public bool Enabled { get; set; }

    /// <summary>The AppView whose public XRPC API Sway reads (no sign-in): Bluesky's public AppView by default.</summary>
    [Required]
    public string ServiceUrl { get; set; } = "https://public.api.bsky.app";

    /// <summary>How far back each pass over an account re-reads its posts, for reactions that keep arriving on them.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan ReReadWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many items one request asks for (the AppView allows 1 to 100).</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 100;

    /// <summary>How many of an account's latest posts a lookup reads for a proof code, besides its description.</summary>
    [Range(1, 100)]
    public int ProofPosts { get; set; } = 10;

    /// <summary>Whether <see cref="ServiceUrl"/> is an absolute http(s) address.</summary>
    public bool HasValidServiceUrl() =>
        Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
