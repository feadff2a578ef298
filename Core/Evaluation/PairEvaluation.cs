namespace Sway.Evaluation;

/// <summary>Scores both accounts of every pair with one scorer and measures how well the differences follow people's judgements.</summary>
public static class PairEvaluation
{
    public static RankingQuality Evaluate(IReadOnlyList<InfluencerPair> pairs, Func<Scoring.AccountFigures, double> score)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(score);
        var differences = pairs.Select(p => score(p.A) - score(p.B)).ToList();
        return RankingQuality.Of(differences, [.. pairs.Select(p => p.AJudgedMoreInfluential)]);
    }
}
