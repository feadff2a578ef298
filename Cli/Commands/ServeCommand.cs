using System.Buffers.Text;
using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sway.Cli.Hosting;
using Sway.Http;
using Sway.Ingestion;

namespace Sway.Cli.Commands;

/// <summary><c>sway serve</c>: the whole pipeline on one machine, until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var demo = new Option<bool>("--demo") { Description = "Feed the pipeline with the synthetic demo population (scores appear within a minute)." };
        var replay = new Option<FileInfo>("--replay") { Description = "Feed the pipeline with a SNAP Higgs-format activity file (plain or .gz)." };
        var limit = new Option<int>("--limit") { Description = "With --replay: replay only the first N events." };
        var port = new Option<int>("--port") { Description = "The HTTP port on 127.0.0.1.", DefaultValueFactory = _ => 7071 };
        replay.AcceptExistingOnly();
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--limit must be zero (everything) or a positive number of events.");
            }
        });
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                r.AddError("--port must be between 1 and 65535.");
            }
        });

        var command = new Command("serve", "Run Sway locally: pull timer, score workers, nightly rescore and the HTTP API on http://127.0.0.1:7071/api.")
        {
            demo, replay, limit, port,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(demo) && r.GetValue(replay) is not null)
            {
                r.AddError("Choose one source: --demo or --replay FILE.");
            }

            if (r.GetValue(limit) != 0 && r.GetValue(replay) is null)
            {
                r.AddError("--limit goes with --replay.");
            }
        });
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(demo), parse.GetValue(replay), parse.GetValue(limit), parse.GetValue(port), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool demo, FileInfo? replay, int limit, int port, CancellationToken cancellationToken)
    {
        await using var storage = await StorageConnection.OpenAsync(startAzuriteIfNone: true, reuseRunningAzurite: false, cancellationToken);
        Console.WriteLine($"Storage: {storage.Description}.");

        var settings = new Dictionary<string, string?> { ["SwayStorage"] = storage.ConnectionString };
        if (demo)
        {
            settings["Ingestion:Demo:Enabled"] = "true";
            settings["Schedules:Pull"] = Environment.GetEnvironmentVariable("Schedules__Pull") ?? "*/30 * * * * *";
        }

        if (replay is not null)
        {
            settings["Ingestion:Replay:File"] = replay.FullName;
            settings["Ingestion:Replay:Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Schedules:Pull"] = Environment.GetEnvironmentVariable("Schedules__Pull") ?? "*/10 * * * * *";
        }

        // The management routes need a key (Functions' convention): without Api__Key, one for this run, shown once.
        var generatedKey = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Api__Key"))
            ? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))
            : null;
        if (generatedKey is not null)
        {
            settings["Api:Key"] = generatedKey;
        }

        var url = $"http://127.0.0.1:{port}";
        await using var app = LocalHost.Build(settings, url, timers: true, pullOnStartup: demo || replay is not null);
        await LocalHost.StartAsync(app, cancellationToken);

        if (generatedKey is not null)
        {
            Console.WriteLine($"API key for the management routes (send it as {ApiKey.HeaderName}): {generatedKey}");
        }

        Console.WriteLine($"Sway is listening on {url}/api (OpenAPI document: {url}/api/openapi.json). Ctrl+C stops it.");
        if (demo)
        {
            var population = app.Services.GetServices<IActivitySource>().OfType<SyntheticActivitySource>().Single().Population;
            Console.WriteLine($"  curl {url}/api/scores/demo/{population.HandleOf(0)}");
            Console.WriteLine($"  curl {url}/api/profiles/demo-d2/score");
        }
        else if (replay is not null)
        {
            Console.WriteLine($"  curl {url}/api/scores/higgs/88");
        }
        else
        {
            Console.WriteLine("No activity source is enabled (use --demo or --replay FILE); serving the scores already stored.");
        }

        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
