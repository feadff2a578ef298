namespace Sway.Evaluation;

/// <summary>
/// How well a score ranks judged pairs: the AUC of score(A) − score(B) against the judgement (the probability that a
/// pair judged "A" gets a higher difference than a pair judged "B", ties counting half; 0.5 is chance), and the
/// accuracy of "the higher score wins" (a tie counts as half right).
/// </summary>
public sealed record RankingQuality(int Pairs, double Auc, double Accuracy)
{
    public static RankingQuality Of(IReadOnlyList<double> differences, IReadOnlyList<bool> aJudgedMoreInfluential)
    {
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentNullException.ThrowIfNull(aJudgedMoreInfluential);
        if (differences.Count != aJudgedMoreInfluential.Count || differences.Count == 0)
        {
            throw new ArgumentException("One judgement per difference, and at least one.", nameof(differences));
        }

        // Mann-Whitney: rank every difference (average ranks for ties), sum the ranks of the positives.
        var order = Enumerable.Range(0, differences.Count).OrderBy(i => differences[i]).ToArray();
        var ranks = new double[order.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && differences[order[end + 1]] == differences[order[start]])
            {
                end++;
            }

            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end + 1;
        }

        var positives = aJudgedMoreInfluential.Count(x => x);
        var negatives = differences.Count - positives;
        var rankSum = Enumerable.Range(0, ranks.Length).Where(i => aJudgedMoreInfluential[i]).Sum(i => ranks[i]);
        var auc = positives == 0 || negatives == 0 ? 0.5 : (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
        var right = Enumerable.Range(0, differences.Count).Sum(i => differences[i] == 0 ? 0.5 : (differences[i] > 0) == aJudgedMoreInfluential[i] ? 1 : 0);
        return new RankingQuality(differences.Count, auc, right / differences.Count);
    }
}
