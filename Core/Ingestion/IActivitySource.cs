using Sway.Domain;

namespace Sway.Ingestion;

/// <summary>
/// "What happened since this cursor": a network connector, a synthetic population or a dataset replay.
/// Reading the same cursor twice returns the same interactions with the same event ids.
/// </summary>
public interface IActivitySource
{
    /// <summary>Stable name, the key of the source's stored cursor.</summary>
    string Name { get; }

    Network Network { get; }

    ProfileEnrollment Enrollment { get; }

    /// <summary>Reads up to <paramref name="maxEvents"/> interactions after <paramref name="cursor"/> (null: from the start).</summary>
    Task<ActivityBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken);

    /// <summary>
    /// For a recorded dataset (a <see cref="Network.IsReplay"/> network): what the replay covers and its end, read
    /// before anything is stored (a malformed dataset is refused whole). Live sources have no end: null.
    /// </summary>
    Task<DatasetExtent?> MeasureAsync(CancellationToken cancellationToken);

    /// <summary>The account as a profile would link it (for <see cref="ProfileEnrollment.EveryReceiver"/> sources).</summary>
    LinkedAccount Describe(string accountId);
}
