using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Sway.Api;
using Sway.Domain;

namespace Sway.Webhooks;

/// <summary>
/// The body of <c>POST /api/webhooks</c>: <c>{"url", "events", "profileIds"?, "minChange"?, "secret"?}</c>, checked field
/// by field so that a 400 names the field at fault. The URL's reachability (https, allowed addresses) is checked
/// separately, with a DNS lookup.
/// </summary>
public sealed record WebhookSubscriptionRequest(string Url, IReadOnlyList<string> Events, IReadOnlyList<string>? ProfileIds, int MinChange, WebhookSecret? Secret)
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxProfileIds = 100;
    private static readonly string[] Fields = ["url", "events", "profileIds", "minChange", "secret"];

    public static bool TryParse(string? json, [NotNullWhen(true)] out WebhookSubscriptionRequest? request, [NotNullWhen(false)] out Problem? problem)
    {
        request = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            problem = Problem.BadRequest("The body is a JSON object: {\"url\": \"https://…\", \"events\": [\"score.changed\"]}.");
            return false;
        }

        if (json.Length > MaxBodyBytes)
        {
            problem = Problem.BadRequest($"The body is larger than {MaxBodyBytes / 1024} KiB.");
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
                problem = Problem.BadRequest("The body is a JSON object: {\"url\": \"https://…\", \"events\": [\"score.changed\"]}.");
                return false;
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    problem = Field(property.Name, $"is not a field of a subscription (fields: {string.Join(", ", Fields)}).");
                    return false;
                }
            }

            if (!root.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(url.GetString()))
            {
                problem = Field("url", "is required: the https address that receives the events.");
                return false;
            }

            if (!TryEvents(root, out var events, out problem)
                || !TryProfileIds(root, out var profileIds, out problem)
                || !TryMinChange(root, out var minChange, out problem)
                || !TrySecret(root, out var secret, out problem))
            {
                return false;
            }

            request = new WebhookSubscriptionRequest(url.GetString()!, events, profileIds, minChange, secret);
            return true;
        }
    }

    /// <summary>A 400 naming the field at fault.</summary>
    public static Problem Field(string field, string message) =>
        Problem.BadRequest($"{Handle.Printable(field.Length > 64 ? field[..64] + "…" : field)}: {message}");

    private static bool TryEvents(JsonElement root, out IReadOnlyList<string> events, [NotNullWhen(false)] out Problem? problem)
    {
        events = [];
        problem = null;
        var known = string.Join(", ", WebhookEventTypes.Subscribable);
        if (!root.TryGetProperty("events", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            problem = Field("events", $"is required: a non-empty array of event types ({known}).");
            return false;
        }

        var list = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            var type = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (type is null || !WebhookEventTypes.Subscribable.Contains(type))
            {
                problem = Field("events", $"holds '{Handle.Printable(item.ToString())}', which is not an event type one can subscribe to ({known}).");
                return false;
            }

            if (!list.Contains(type))
            {
                list.Add(type);
            }
        }

        events = list;
        return true;
    }

    private static bool TryProfileIds(JsonElement root, out IReadOnlyList<string>? profileIds, [NotNullWhen(false)] out Problem? problem)
    {
        profileIds = null;
        problem = null;
        if (!root.TryGetProperty("profileIds", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is 0 or > MaxProfileIds)
        {
            problem = Field("profileIds", $"is an array of 1 to {MaxProfileIds} profile ids, or absent for every profile.");
            return false;
        }

        var list = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            var id = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (!ProfileId.IsValid(id))
            {
                problem = Field("profileIds", $"holds '{Handle.Printable(item.ToString())}', which is not a profile id (lower-case letters, digits and dashes).");
                return false;
            }

            if (!list.Contains(id!))
            {
                list.Add(id!);
            }
        }

        profileIds = list;
        return true;
    }

    private static bool TryMinChange(JsonElement root, out int minChange, [NotNullWhen(false)] out Problem? problem)
    {
        minChange = 1;
        problem = null;
        if (!root.TryGetProperty("minChange", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out minChange) || minChange is < 1 or > 99)
        {
            problem = Field("minChange", "is a whole number of score points from 1 to 99.");
            return false;
        }

        return true;
    }

    private static bool TrySecret(JsonElement root, out WebhookSecret? secret, [NotNullWhen(false)] out Problem? problem)
    {
        secret = null;
        problem = null;
        if (!root.TryGetProperty("secret", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problem = Field("secret", $"is a string: '{WebhookSecret.Prefix}' and base64.");
            return false;
        }

        if (!WebhookSecret.TryParse(value.GetString(), out secret, out var error))
        {
            problem = Field("secret", error);
            return false;
        }

        return true;
    }
}
