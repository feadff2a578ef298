namespace Sway.Storage;

/// <summary>
/// A handle row of the Accounts index: the profile the handle belongs to and, once that profile is scored, its
/// current score and accounts as copied into the row (null while there is no valid copy: the lookup reads them).
/// </summary>
public sealed record HandleEntry(string ProfileId, ScoredProfile? Score);
