using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sway.Api;

namespace Sway.Http;

/// <summary>
/// The API key scheme, Azure Functions' own, so that one client works against either host: the key travels in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter. A missing or wrong key gets one and the same
/// 401 problem, which says nothing about which it was.
/// </summary>
public static class ApiKey
{
    public const string HeaderName = "x-functions-key";

    public const string QueryName = "code";

    /// <summary>The shortest key the local host accepts as its setting.</summary>
    public const int MinLength = 16;

    /// <summary>The answer to a call without a valid key.</summary>
    public static Problem Refusal { get; } = new(
        "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        "A valid API key is required.",
        StatusCodes.Status401Unauthorized,
        $"This route requires the API key: send it in the {HeaderName} header or as the ?{QueryName}= query parameter.");

    /// <summary>The key the request presents: the header if it has one, otherwise the query parameter.</summary>
    public static string? PresentedBy(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.TryGetValue(HeaderName, out var header) ? header.ToString() : request.Query[QueryName].ToString();
    }

    /// <summary>
    /// Whether <paramref name="presented"/> is <paramref name="expected"/>, in time independent of where they differ
    /// (and of their lengths: the comparison is of their SHA-256 digests). No expected key matches nothing.
    /// </summary>
    public static bool Matches(string? expected, string? presented) =>
        !string.IsNullOrEmpty(expected)
        && !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(Digest(expected), Digest(presented));

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
