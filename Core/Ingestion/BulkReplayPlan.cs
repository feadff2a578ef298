namespace Sway.Ingestion;

/// <summary>A bulk replay's plan, once the dataset is in memory: its events, those this run writes, the time reading took.</summary>
public sealed record BulkReplayPlan(string Source, int Events, int ToWrite, TimeSpan Read);
