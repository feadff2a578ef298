using Sway.Scoring;

namespace Sway.Evaluation;

/// <summary>One signal of an <see cref="AdditiveSignalScore"/>: its figure, the norm that scales it and what it earns.</summary>
public sealed record FittedSignal(PairSignal Signal, double Norm, SignalCurve Curve)
{
    /// <summary>The transformed value <c>u = ln(1 + x / norm)</c> of the account's figure.</summary>
    public double Transform(AccountFigures figures) => Math.Log(1 + (Signal.Of(figures) / Norm));

    /// <summary>What this signal earns the account.</summary>
    public double Earned(AccountFigures figures) => Curve.Evaluate(Transform(figures));
}

/// <summary>
/// A transparent additive score: the total is the sum of what each signal earns, <c>T = Σ g_s(ln(1 + x_s / norm_s))</c>,
/// so every point of it can be traced to one figure.
/// </summary>
public sealed record AdditiveSignalScore(IReadOnlyList<FittedSignal> Signals)
{
    public double Total(AccountFigures figures) => Signals.Sum(s => s.Earned(figures));
}
