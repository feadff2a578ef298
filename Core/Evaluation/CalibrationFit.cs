namespace Sway.Evaluation;

/// <summary>
/// Fits a new model version's calibration table by quantile matching: on one population, the accounts at ranks i..j of
/// the new version's raw totals get the scores that ranks i..j had under the reference version (accounts tied on a
/// total share the mean of those scores). The new version so keeps the reference's distribution of scores (its mean,
/// its 95th percentile) while it reorders who holds them. The table ends at <c>(ceiling, 100)</c>, so 100 stays out of
/// reach but for the extreme top.
/// </summary>
public static class CalibrationFit
{
    /// <summary>The most points a table gets (evenly spread over the ranks, the last block always kept).</summary>
    public const int MaxPoints = 120;

    /// <param name="totals">The new version's raw totals, one per account that received a reaction.</param>
    /// <param name="referenceScores">The reference version's exact (unrounded) scores of the same accounts.</param>
    /// <param name="ceiling">The total that scores 100, above every total seen.</param>
    public static IReadOnlyList<Scoring.CalibrationPoint> Match(IReadOnlyList<double> totals, IReadOnlyList<double> referenceScores, double ceiling)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(referenceScores);
        if (totals.Count == 0 || totals.Count != referenceScores.Count)
        {
            throw new ArgumentException("Calibration needs as many reference scores as totals, and at least one.", nameof(referenceScores));
        }

        var sortedTotals = totals.Select(t => Math.Round(t, 4)).Order().ToArray();
        var sortedScores = referenceScores.Order().ToArray();
        var blocks = new List<(int End, Scoring.CalibrationPoint Point)>();
        for (var start = 0; start < sortedTotals.Length;)
        {
            var end = start;
            while (end + 1 < sortedTotals.Length && sortedTotals[end + 1] == sortedTotals[start])
            {
                end++;
            }

            var mean = 0.0;
            for (var i = start; i <= end; i++)
            {
                mean += sortedScores[i];
            }

            if (sortedTotals[start] > 0)
            {
                blocks.Add((end, new Scoring.CalibrationPoint(sortedTotals[start], Math.Round(Math.Max(1, mean / (end - start + 1)), 2))));
            }

            start = end + 1;
        }

        var points = new List<Scoring.CalibrationPoint>();
        var step = (double)sortedTotals.Length / MaxPoints;
        var next = 0.0;
        for (var b = 0; b < blocks.Count; b++)
        {
            if (blocks[b].End >= next || b == blocks.Count - 1)
            {
                var point = blocks[b].Point;
                if (points.Count == 0 || point.Score > points[^1].Score)
                {
                    points.Add(point);
                }

                next = blocks[b].End + step;
            }
        }

        var top = Math.Round(ceiling, 4);
        if (top > points[^1].Total)
        {
            points.Add(new Scoring.CalibrationPoint(top, 100));
        }

        return points;
    }
}
