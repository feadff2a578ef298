using System.Collections.Frozen;

namespace Sway.Scoring;

/// <summary>
/// The model versions Sway ships, read from the definitions embedded in Core (<c>Core/Scoring/Models/*.json</c>).
/// A version, once shipped, never changes; a new model is a new file. Old versions stay available, so that a stored
/// score can be recomputed and a new version compared against the old before it ships.
/// </summary>
public static class ScoreModels
{
    private const string ResourcePrefix = "Sway.Scoring.Models.";

    private static readonly Lazy<FrozenDictionary<string, ScoreModel>> Shipped = new(Load);

    public static IReadOnlyCollection<string> Versions => Shipped.Value.Keys;

    public static bool TryGet(string? version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScoreModel? model)
    {
        model = null;
        return version is not null && Shipped.Value.TryGetValue(version, out model);
    }

    public static ScoreModel Get(string version) =>
        TryGet(version, out var model)
            ? model
            : throw new ArgumentException($"There is no score model '{version}'. Versions: {string.Join(", ", Versions.Order(StringComparer.Ordinal))}.", nameof(version));

    private static FrozenDictionary<string, ScoreModel> Load()
    {
        var assembly = typeof(ScoreModels).Assembly;
        var models = new Dictionary<string, ScoreModel>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var definition = ScoreModelDefinition.Parse(reader.ReadToEnd());
            var fileVersion = name[ResourcePrefix.Length..^".json".Length];
            if (definition.Version != fileVersion)
            {
                throw new InvalidDataException($"The model file {fileVersion}.json declares version {definition.Version}.");
            }

            models.Add(definition.Version, new ScoreModel(definition));
        }

        return models.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
