namespace Sway.Connectors.Mastodon;

/// <summary>
/// The API's paging: a list's <c>Link</c> header names the next page (<c>&lt;https://…?max_id=…&gt;; rel="next"</c>).
/// Sway keeps only the next page's query and asks it of the same path, so a page never leads to another host.
/// </summary>
public static class MastodonLink
{
    /// <summary>The query (without <c>?</c>) of the page after this response's, or null when it is the last.</summary>
    public static string? NextQuery(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var parts = link.Split(';');
                var target = parts[0].Trim();
                var isNext = parts.Skip(1).Any(p => p.Trim().Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next");
                if (isNext && target.StartsWith('<') && target.EndsWith('>')
                    && Uri.TryCreate(target[1..^1], UriKind.Absolute, out var uri))
                {
                    return uri.Query.TrimStart('?') is { Length: > 0 } query ? query : null;
                }
            }
        }

        return null;
    }
}
