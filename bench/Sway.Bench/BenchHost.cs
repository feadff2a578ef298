using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sway.Cli.Hosting;
using Sway.Storage;

namespace Sway.Bench;

/// <summary>
/// The local host as <c>sway serve</c> builds it, over a benchmark's Azurite, with timers and workers off, a fixed
/// clock, quiet logs, and (when given) a counter of every storage request on the wire.
/// </summary>
internal static class BenchHost
{
    public static WebApplication Build(AzuriteProcess azurite, DateTimeOffset now, HttpPipelinePolicy? counter = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SwayStorage"] = azurite.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Sway.Cli.Hosting.QueueWorker"] = "None",
        };
        return LocalHost.Build(settings, "http://127.0.0.1:0", timers: false, workers: false, configureServices: s =>
        {
            s.AddSingleton<TimeProvider>(new FixedClock(now));
            if (counter is not null)
            {
                s.AddKeyedSingleton(StorageOptions.ConnectionName, counter);
            }
        });
    }
}
