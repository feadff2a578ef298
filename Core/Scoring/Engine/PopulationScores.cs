namespace Sway.Scoring.Engine;

/// <summary>
/// The scores of every account in an <see cref="InteractionGraph"/>, with what they came from: each account's raw total
/// (the sum of its reactors' saturated credits, each times the reactor's standing weight) and every account's standing.
/// Arrays are indexed like the graph's accounts.
/// </summary>
public sealed class PopulationScores
{
    private readonly double[] _rawTotals;
    private readonly int[] _scores;

    internal PopulationScores(InteractionGraph graph, Standings standings, StandingWeight weight, double[] rawTotals, int[] scores)
    {
        Graph = graph;
        Standings = standings;
        Weight = weight;
        _rawTotals = rawTotals;
        _scores = scores;
    }

    public InteractionGraph Graph { get; }

    public Standings Standings { get; }

    /// <summary>How standing turned into a weight per reactor.</summary>
    public StandingWeight Weight { get; }

    /// <summary>Raw totals, by account number.</summary>
    public ReadOnlySpan<double> RawTotals => _rawTotals;

    /// <summary>Scores (1-100), by account number.</summary>
    public ReadOnlySpan<int> Scores => _scores;

    /// <summary>The score of an account; 1 for an account the graph does not hold (nobody reacted to it in the window).</summary>
    public int ScoreOf(AccountKey account) =>
        Graph.TryGetIndex(account.Network, account.AccountId, out var index) ? _scores[index] : 1;

    /// <summary>The raw total of an account; 0 for an account the graph does not hold.</summary>
    public double RawTotalOf(AccountKey account) =>
        Graph.TryGetIndex(account.Network, account.AccountId, out var index) ? _rawTotals[index] : 0;

    /// <summary>The standing of an account; 0 for an account the graph does not hold.</summary>
    public double StandingOf(AccountKey account) =>
        Graph.TryGetIndex(account.Network, account.AccountId, out var index) ? Standings[index] : 0;
}
