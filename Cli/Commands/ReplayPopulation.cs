using Sway.Ingestion;
using Sway.Scoring.Engine;

namespace Sway.Cli.Commands;

/// <summary>A replay file (the SNAP Higgs activity format) loaded into memory for the engine, scored as of its last event.</summary>
internal sealed record ReplayPopulation(InteractionLog Log, DateTimeOffset AsOf, string Name)
{
    public static async Task<ReplayPopulation> LoadAsync(FileInfo file, long limit, CancellationToken cancellationToken)
    {
        using var source = new HiggsReplaySource(file.FullName, limit);
        var extent = await source.MeasureAsync(cancellationToken) ?? throw new InvalidDataException($"{file.Name} holds no events.");
        var log = await InteractionLog.FromAsync(source.ReadAllAsync(cancellationToken), cancellationToken);
        return new ReplayPopulation(log, extent.End, file.Name);
    }
}
