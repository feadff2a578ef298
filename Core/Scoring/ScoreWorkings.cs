using Sway.Domain;

namespace Sway.Scoring;

/// <summary>A scoring's result with what it learned on the way: the standing of each of the profile's accounts (empty under 1.0).</summary>
public sealed record ScoreWorkings(ScoreResult Result, IReadOnlyList<AccountStanding> Standings);
