namespace Sway.Ingestion;

/// <summary>A bulk replay's progress after each chunk: what the chunk wrote and scored, and how long it took.</summary>
/// <param name="Source">The dataset's source name.</param>
/// <param name="Read">Events this run has written so far.</param>
/// <param name="Events">Events of this chunk.</param>
/// <param name="Stored">Interactions this chunk stored.</param>
/// <param name="Enrolled">Profiles this chunk created.</param>
/// <param name="Scored">Profiles this chunk scored (those whose last reaction it holds).</param>
/// <param name="Took">The chunk's time: writing, scoring and moving the cursor.</param>
/// <param name="Scoring">The part of <paramref name="Took"/> spent scoring.</param>
/// <param name="Elapsed">The run's time so far, reading the dataset included.</param>
public sealed record BulkReplayProgress(string Source, int Read, int Events, int Stored, int Enrolled, int Scored, TimeSpan Took, TimeSpan Scoring, TimeSpan Elapsed);
