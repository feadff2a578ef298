using Sway.Scoring;

namespace Sway.Evaluation;

/// <summary>Two accounts and which one people judged more influential (<see cref="AJudgedMoreInfluential"/>).</summary>
public sealed record InfluencerPair(int Line, bool AJudgedMoreInfluential, AccountFigures A, AccountFigures B);
