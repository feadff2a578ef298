namespace Sway.Ingestion;

/// <summary>
/// What a dataset replay covers, measured before its first event is stored: the lines it replays (up to its limit),
/// the lines in the whole file, its end, the newest event it replays (the moment its profiles are scored as of), and
/// the accounts that receive a reaction from someone else in it.
/// </summary>
public sealed record DatasetExtent(long Lines, long FileLines, DateTimeOffset End, IReadOnlySet<string> Receivers);
