namespace Sway.Scoring;

/// <summary>
/// The fixed mapping from a model's raw influence weight to the 1-100 scale:
/// <c>score = 1 + 99 · (1 − exp(−(ln(1 + weight) / Scale)^Shape))</c>, a Weibull curve on the log of the weight.
/// It is monotonic, gives 1 to a profile nobody reacted to, and approaches 100 only for very large audiences.
/// It is fixed per model version so that a score means the same thing from one day to the next.
/// </summary>
public sealed record ScoreCalibration(double Scale, double Shape)
{
    public int ToScore(double weight)
    {
        if (weight <= 0 || double.IsNaN(weight))
        {
            return 1;
        }

        var x = Math.Log(1 + weight);
        var fraction = 1 - Math.Exp(-Math.Pow(x / Scale, Shape));
        return Math.Clamp(1 + (int)Math.Round(99 * fraction, MidpointRounding.AwayFromZero), 1, 100);
    }
}
