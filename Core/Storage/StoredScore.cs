using Azure;

namespace Sway.Storage;

/// <summary>A profile's current score row as a scoring reads it first: its version, for the conditional write, and its score, for the change.</summary>
public sealed record StoredScore(ETag Version, int Score);
