namespace Sway.Scoring.Engine;

/// <summary>
/// Every account's standing in an <see cref="InteractionGraph"/>, indexed like the graph's accounts, normalised so that
/// the mean over all accounts is 1: 3 means three times the average account's standing.
/// </summary>
public sealed class Standings
{
    private readonly double[] _values;

    internal Standings(double[] values, int iterations, double change)
    {
        _values = values;
        Iterations = iterations;
        Change = change;
    }

    /// <summary>The standing of the account numbered <paramref name="index"/>.</summary>
    public double this[int index] => _values[index];

    public int Count => _values.Length;

    /// <summary>All standings, by account number.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The power iterations run.</summary>
    public int Iterations { get; }

    /// <summary>The L1 change of the (probability-scaled) PageRank vector in the last iteration.</summary>
    public double Change { get; }

    internal double[] Array => _values;
}
