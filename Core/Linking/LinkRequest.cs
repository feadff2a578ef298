using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Sway.Api;

namespace Sway.Linking;

/// <summary>
/// The body of <c>POST /api/profiles</c> (<c>{"network", "handle", "kind": "pro"|"personal"}</c>) and of
/// <c>POST /api/profiles/{id}/accounts</c> (<c>{"network", "handle"}</c>), checked field by field so a 400 names the
/// field at fault. The handle is normalised for its network.
/// </summary>
public sealed record LinkRequest(Domain.Network Network, string Handle, Domain.ProfileKind? Kind)
{
    public const int MaxBodyBytes = 4 * 1024;

    public static bool TryParse(string? json, bool withKind, [NotNullWhen(true)] out LinkRequest? request, [NotNullWhen(false)] out Problem? problem)
    {
        request = null;
        string[] fields = withKind ? ["network", "handle", "kind"] : ["network", "handle"];
        var shape = withKind
            ? "{\"network\": \"mastodon\", \"handle\": \"alice@example.social\", \"kind\": \"personal\"}"
            : "{\"network\": \"bluesky\", \"handle\": \"alice.bsky.social\"}";
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxBodyBytes)
        {
            problem = Problem.BadRequest($"The body is a JSON object of at most {MaxBodyBytes / 1024} KiB: {shape}.");
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            problem = Problem.BadRequest($"The body is not valid JSON: {ex.Message}");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = Problem.BadRequest($"The body is a JSON object: {shape}.");
                return false;
            }

            foreach (var property in root.EnumerateObject().Where(p => !fields.Contains(p.Name, StringComparer.Ordinal)))
            {
                problem = Field(property.Name, $"is not a field here (fields: {string.Join(", ", fields)}).");
                return false;
            }

            if (!TryString(root, "network", out var networkName, out problem) || !TryString(root, "handle", out var rawHandle, out problem))
            {
                return false;
            }

            if (!Domain.Networks.TryGet(networkName, out var network) || !network.IsLive)
            {
                var live = string.Join(", ", Domain.Networks.All.Where(n => n.IsLive).Select(n => n.Name));
                problem = Field("network", $"'{Domain.Handle.Printable(networkName)}' is not a network people link accounts on ({live}).");
                return false;
            }

            if (!Domain.Handle.TryNormalize(network, rawHandle, out var handle, out var error))
            {
                problem = Field("handle", error);
                return false;
            }

            Domain.ProfileKind? kind = null;
            if (withKind)
            {
                if (!TryString(root, "kind", out var rawKind, out problem))
                {
                    return false;
                }

                if (!Enum.TryParse<Domain.ProfileKind>(rawKind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || rawKind.Any(char.IsDigit))
                {
                    problem = Field("kind", "is \"pro\" or \"personal\": a person may hold one profile of each, scored apart.");
                    return false;
                }

                kind = parsed;
            }

            request = new LinkRequest(network, handle, kind);
            problem = null;
            return true;
        }
    }

    private static bool TryString(JsonElement root, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out Problem? problem)
    {
        if (root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString()))
        {
            value = element.GetString()!;
            problem = null;
            return true;
        }

        value = null;
        problem = Field(name, "is required (a string).");
        return false;
    }

    private static Problem Field(string name, string detail) => Problem.BadRequest($"'{Domain.Handle.Printable(name)}' {detail}");
}
