using System.CommandLine;

namespace Sway.Cli.Commands;

/// <summary><c>sway model ...</c>: work on score models' numbers (for now, fitting them to judged pairs).</summary>
internal static class ModelCommand
{
    public static Command Create() =>
        new("model", "Fit, calibrate and compare score models.") { FitPairsCommand.Create(), ModelCalibrateCommand.Create(), ModelCompareCommand.Create() };
}
