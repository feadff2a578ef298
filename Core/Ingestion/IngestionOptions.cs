using System.ComponentModel.DataAnnotations;

namespace Sway.Ingestion;

/// <summary>Options of activity ingestion (section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Interactions read from a source per batch (each batch is written, queued and its cursor saved before the next).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>The most interactions one pull run reads from one source; the next run goes on from the cursor.</summary>
    [Range(1, 100_000_000)]
    public int MaxEventsPerRun { get; set; } = 50_000;

    public DemoSourceOptions Demo { get; set; } = new();

    public ReplaySourceOptions Replay { get; set; } = new();
}

/// <summary>The synthetic demo population (section <c>Ingestion:Demo</c>).</summary>
public sealed class DemoSourceOptions
{
    public bool Enabled { get; set; }

    public int Seed { get; set; } = 2026;

    [Range(10, 1_000_000)]
    public int Accounts { get; set; } = 500;

    /// <summary>Average reactions per minute of simulated time.</summary>
    [Range(1, 100_000)]
    public int ReactionsPerMinute { get; set; } = 5;

    /// <summary>How much history the first pull finds (days before the source was first read).</summary>
    [Range(0, 365)]
    public int BackfillDays { get; set; } = 3;
}

/// <summary>Replay of a SNAP Higgs-format activity file (section <c>Ingestion:Replay</c>).</summary>
public sealed class ReplaySourceOptions
{
    /// <summary>The file to replay (<c>actor target unixSeconds RT|MT|RE</c> per line, plain or .gz). Empty: no replay.</summary>
    public string? File { get; set; }

    /// <summary>Replay only the first N events of the file (0: all).</summary>
    [Range(0, int.MaxValue)]
    public int Limit { get; set; }

    /// <summary>
    /// A bulk replay (<see cref="BulkReplay"/>) writes, scores and moves its cursor every this many events (about: whole
    /// batches of <see cref="IngestionOptions.BatchSize"/>); an interrupted one resumes from the last chunk it finished.
    /// </summary>
    [Range(1, 10_000_000)]
    public int ChunkEvents { get; set; } = 50_000;
}
