namespace Sway.Scoring.Engine;

/// <summary>An account as the engine knows it: its network and its id on that network.</summary>
public readonly record struct AccountKey(string Network, string AccountId);
