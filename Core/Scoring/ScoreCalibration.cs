namespace Sway.Scoring;

/// <summary>
/// The fixed mapping from a model's raw total to the 1-100 scale, fixed per model version so that a score means the
/// same thing from one day to the next. It is monotonic and gives 1 to a profile nobody reacted to. Either
/// <list type="bullet">
/// <item>a table (<see cref="Table"/>, model 2.0): linear between its points, from (0, 1), and flat at the last
/// point's score beyond it; or</item>
/// <item>a Weibull curve on the log of the weight (model 1.0):
/// <c>score = 1 + 99 · (1 − exp(−(ln(1 + weight) / Scale)^Shape))</c>, which approaches 100 only for very large audiences.</item>
/// </list>
/// </summary>
public sealed record ScoreCalibration
{
    public ScoreCalibration(double scale, double shape, IReadOnlyList<CalibrationPoint>? table = null)
    {
        if (table is { Count: > 0 })
        {
            for (var i = 0; i < table.Count; i++)
            {
                var previous = i == 0 ? new CalibrationPoint(0, 1) : table[i - 1];
                if (!(table[i].Total > previous.Total) || !(table[i].Score >= previous.Score) || table[i].Score > 100)
                {
                    throw new ArgumentException($"A calibration table's totals must increase from 0 and its scores never decrease from 1 nor pass 100 (at point {i}).", nameof(table));
                }
            }
        }
        else if (!(scale > 0) || !(shape > 0))
        {
            throw new ArgumentException("A calibration is a table or a positive scale and shape.", nameof(scale));
        }

        Scale = scale;
        Shape = shape;
        Table = table is { Count: > 0 } ? table : null;
    }

    public double Scale { get; }

    public double Shape { get; }

    public IReadOnlyList<CalibrationPoint>? Table { get; }

    public int ToScore(double weight) =>
        weight <= 0 || double.IsNaN(weight)
            ? 1
            : Math.Clamp((int)Math.Round(ToExactScore(weight), MidpointRounding.AwayFromZero), 1, 100);

    /// <summary>The score before rounding to a whole point, in [1, 100].</summary>
    public double ToExactScore(double weight)
    {
        if (weight <= 0 || double.IsNaN(weight))
        {
            return 1;
        }

        if (Table is { } table)
        {
            var from = new CalibrationPoint(0, 1);
            foreach (var point in table)
            {
                if (weight <= point.Total)
                {
                    return from.Score + ((point.Score - from.Score) * (weight - from.Total) / (point.Total - from.Total));
                }

                from = point;
            }

            return from.Score;
        }

        var x = Math.Log(1 + weight);
        return 1 + (99 * (1 - Math.Exp(-Math.Pow(x / Scale, Shape))));
    }
}
