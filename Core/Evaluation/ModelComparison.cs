using System.Globalization;
using Sway.Scoring.Engine;

namespace Sway.Evaluation;

/// <summary>
/// A shadow comparison of two model versions over one population scored in memory (<see cref="ModelRun"/>): the
/// distribution of each version's scores, the distribution of the changes, how many accounts move more than
/// <see cref="LargeMove"/> points, and the largest movers each way. The report that would have caught Klout's overnight drops.
/// </summary>
public sealed record ModelComparison(
    string From,
    string To,
    int Accounts,
    ScoreDistribution FromScores,
    ScoreDistribution ToScores,
    ScoreDistribution Changes,
    int MovedUp,
    int MovedDown,
    IReadOnlyList<ModelMover> Rises,
    IReadOnlyList<ModelMover> Drops)
{
    public const int LargeMove = 10;

    /// <summary>Compares every account that received a reaction under either run (runs over the same log).</summary>
    public static ModelComparison Of(ModelRun from, ModelRun to, int movers = 10)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var accounts = Enumerable.Range(0, from.AccountCount).Where(i => from.Received(i) || to.Received(i)).ToList();
        var before = accounts.Select(from.Score).ToList();
        var after = accounts.Select(to.Score).ToList();
        var changes = before.Zip(after, (b, a) => a - b).ToList();
        var ranked = accounts.Select((account, k) => new ModelMover(account, from.AccountAt(account).AccountId, before[k], after[k])).ToList();
        return new ModelComparison(
            from.Model.Version,
            to.Model.Version,
            accounts.Count,
            ScoreDistribution.Of(before),
            ScoreDistribution.Of(after),
            ScoreDistribution.Of(changes),
            changes.Count(c => c > LargeMove),
            changes.Count(c => c < -LargeMove),
            [.. ranked.OrderByDescending(m => m.Change).ThenBy(m => m.AccountId, StringComparer.Ordinal).Take(movers)],
            [.. ranked.OrderBy(m => m.Change).ThenBy(m => m.AccountId, StringComparer.Ordinal).Take(movers)]);
    }
}

/// <summary>One account's score under both versions.</summary>
public sealed record ModelMover(int Account, string AccountId, int From, int To)
{
    public int Change => To - From;
}

/// <summary>Mean and percentiles of a list of whole numbers (scores or score changes).</summary>
public sealed record ScoreDistribution(double Mean, int P5, int P50, int P95, int P99, int Min, int Max)
{
    public static ScoreDistribution Of(IReadOnlyList<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new ScoreDistribution(0, 0, 0, 0, 0, 0, 0);
        }

        var sorted = values.Order().ToArray();
        int At(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1), MidpointRounding.AwayFromZero)];
        return new ScoreDistribution(values.Average(), At(0.05), At(0.5), At(0.95), At(0.99), sorted[0], sorted[^1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"mean {Mean:0.0}, p5 {P5}, median {P50}, p95 {P95}, p99 {P99}, range {Min} to {Max}");
}
