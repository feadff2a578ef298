namespace Sway.Scoring;

/// <summary>
/// An account's standing after a scoring: the reaction weight it received (each reactor already weighed by its own
/// standing and trust) in multiples of its network's norm. Stored, it weighs the account's own reactions to others at
/// the next scoring, which is how influence flows one step further every night.
/// </summary>
public sealed record AccountStanding(string Network, string AccountId, double Standing);
