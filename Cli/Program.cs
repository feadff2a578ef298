using System.CommandLine;
using Azure;
using Microsoft.Extensions.Options;
using Sway.Cli.Commands;

var root = new RootCommand("Sway: influence scores from the reactions people's posts receive, explained. Local host and operations.")
{
    ServeCommand.Create(),
    ReplayCommand.Create(),
    ScoreCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException or FormatException or IOException or RequestFailedException or TimeoutException)
{
    Console.Error.WriteLine($"sway: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 130;
}
