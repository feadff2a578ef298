using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sway;

/// <summary>The one JSON shape Sway speaks everywhere: API bodies, queue messages, stored explanations.</summary>
public static class SwayJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// Gives <paramref name="options"/> (which start from <see cref="JsonSerializerDefaults.Web"/>) Sway's shape: how a
    /// host configures the serializer it owns (ASP.NET Core's HTTP JSON options) to speak exactly as <see cref="Options"/>.
    /// </summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
