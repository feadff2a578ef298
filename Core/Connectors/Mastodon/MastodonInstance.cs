using Sway.Domain;

namespace Sway.Connectors.Mastodon;

/// <summary>
/// One Mastodon instance Sway reads: its <see cref="Domain"/> (the part after <c>@</c> in its accounts' ids), where its
/// API answers (<see cref="BaseUrl"/>, <c>https://{Domain}</c> by default) and, optionally, an access token (with it,
/// mentions are read from the token owner's notifications).
/// </summary>
public sealed class MastodonInstance
{
    public string Domain { get; set; } = "";

    public string? BaseUrl { get; set; }

    /// <summary>The access token (in Azure the Key Vault secret of <c>Connectors__Mastodon__Instances__N__Token</c>).</summary>
    public string? Token { get; set; }

    /// <summary>The access token to send, if any.</summary>
    public string? BearerToken => string.IsNullOrWhiteSpace(Token) ? null : Token;

    /// <summary>The API's address: <see cref="BaseUrl"/>, or <c>https://{Domain}</c>.</summary>
    public Uri BaseUri => new(string.IsNullOrWhiteSpace(BaseUrl) ? $"https://{Domain}" : BaseUrl.TrimEnd('/'), UriKind.Absolute);

    /// <summary>Why this instance's settings cannot be used, or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Domain) || !Networks.Mastodon.AccountIdPattern.IsMatch("a@" + Domain))
        {
            return $"Domain '{Handle.Printable(Domain ?? "")}' is not a lower-case domain name such as example.social.";
        }

        if (!string.IsNullOrWhiteSpace(BaseUrl)
            && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.Query)))
        {
            return $"BaseUrl '{Handle.Printable(BaseUrl)}' is not an absolute http(s) address without a query.";
        }

        return null;
    }
}
