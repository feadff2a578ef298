namespace Sway.Api;

/// <summary>An RFC 9457 problem-details body (<c>application/problem+json</c>).</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail)
{
    public const string ContentType = "application/problem+json";

    public static Problem BadRequest(string detail) =>
        new("https://tools.ietf.org/html/rfc9110#section-15.5.1", "The request is not valid.", 400, detail);

    public static Problem Unavailable(string detail) =>
        new("https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service unavailable.", 503, detail);

    public static Problem Conflict(string detail) =>
        new("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict.", 409, detail);

    public static Problem NotFound(string detail) =>
        new("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found.", 404, detail);
}
