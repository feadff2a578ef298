using Sway.Domain;

namespace Sway.Ingestion;

/// <summary>
/// What a source returned for one read: interactions in order, the cursor to read from next time, and whether the
/// source has nothing more for now. A recorded dataset also names the receiving accounts whose last reaction in the
/// dataset is in this batch (<see cref="Completed"/>): their reactions are all read once the batch is stored.
/// </summary>
public sealed record ActivityBatch(IReadOnlyList<Interaction> Interactions, string NextCursor, bool Exhausted, IReadOnlyList<string>? Completed = null);
