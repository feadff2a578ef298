namespace Sway.Scoring.Engine;

/// <summary>
/// Scores every account of an <see cref="InteractionGraph"/> at once, in memory: an account's raw total is the sum over
/// its reactors of the reactor's saturated credit times the reactor's <see cref="StandingWeight"/>, and its score is
/// <paramref name="calibration"/> of that total. With <see cref="StandingWeight.Off"/> and model 1.0's calibration, every
/// account scores exactly what <see cref="ScoreModel.Score"/> gives a profile holding that account alone.
/// </summary>
/// <param name="standing">How standings are computed.</param>
/// <param name="weight">How a reactor's standing weighs its reactions.</param>
/// <param name="calibration">The mapping from raw total to 1-100.</param>
public sealed class PopulationScorer(ReactorStanding standing, StandingWeight weight, ScoreCalibration calibration)
{
    private const int AccountsPerRange = 8_192;

    /// <summary>Default standing and weight, model 1.0's calibration (until model 2.0 brings its own).</summary>
    public static PopulationScorer Default { get; } = new(ReactorStanding.Default, StandingWeight.Default, ScoreModel.V1.Calibration);

    public ReactorStanding Standing { get; } = standing;

    public StandingWeight Weight { get; } = weight;

    public ScoreCalibration Calibration { get; } = calibration;

    /// <summary>Computes the standings, then scores every account.</summary>
    public PopulationScores Score(InteractionGraph graph) => Score(graph, Standing.Compute(graph));

    /// <summary>Scores every account given standings already computed on <paramref name="graph"/>.</summary>
    public PopulationScores Score(InteractionGraph graph, Standings standings)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(standings);
        if (standings.Count != graph.AccountCount)
        {
            throw new ArgumentException("The standings were computed on another graph.", nameof(standings));
        }

        var n = graph.AccountCount;
        var offsets = graph.InOffsets;
        var sources = graph.InSources;
        var credits = graph.InCredits;
        var values = standings.Array;
        var weights = new double[n];
        var raw = new double[n];
        var scores = new int[n];
        var weight = Weight;
        var calibration = Calibration;
        var off = weight.IsOff;

        void ReactorWeights(int from, int to)
        {
            for (var v = from; v < to; v++)
            {
                weights[v] = off ? 1 : weight.Of(values[v]);
            }
        }

        void Targets(int from, int to)
        {
            for (var v = from; v < to; v++)
            {
                var sum = 0.0;
                for (var e = offsets[v]; e < offsets[v + 1]; e++)
                {
                    sum += credits[e] * weights[sources[e]];
                }

                raw[v] = sum;
                scores[v] = calibration.ToScore(sum);
            }
        }

        InRanges(n, ReactorWeights);
        InRanges(n, Targets);
        return new PopulationScores(graph, standings, weight, raw, scores);
    }

    private static void InRanges(int n, Action<int, int> body)
    {
        var ranges = (n + AccountsPerRange - 1) / AccountsPerRange;
        if (ranges <= 1)
        {
            body(0, n);
            return;
        }

        Parallel.For(0, ranges, r => body(r * AccountsPerRange, Math.Min(n, (r + 1) * AccountsPerRange)));
    }
}
