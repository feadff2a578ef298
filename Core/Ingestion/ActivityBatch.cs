using Sway.Domain;

namespace Sway.Ingestion;

/// <summary>
/// What a source returned for one read: interactions in order, the cursor to read from next time, and whether the
/// source has nothing more for now.
/// </summary>
public sealed record ActivityBatch(IReadOnlyList<Interaction> Interactions, string NextCursor, bool Exhausted);
