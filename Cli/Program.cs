using System.CommandLine;
using Azure;
using Microsoft.Extensions.Options;
using Sway.Cli.Commands;
using Sway.Storage;

var root = new RootCommand("Sway: influence scores from the reactions people's posts receive, explained. Local host and operations.")
{
    ServeCommand.Create(),
    ReplayCommand.Create(),
    ScoreCommand.Create(),
    EvalPairsCommand.Create(),
    ModelCommand.Create(),
    StorageCommand.Create(),
};

try
{
    // No response files: "@alice@mastodon.social" is a handle, not a file to read arguments from.
    return await root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException or FormatException or IOException or RequestFailedException or TimeoutException or StorageUnavailableException)
{
    Console.Error.WriteLine($"sway: {ex.Message}");
    return 1;
}
catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is RequestFailedException))
{
    Console.Error.WriteLine($"sway: the storage did not answer: {ex.InnerExceptions[^1].Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 130;
}
