using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sway.Cli.Hosting;
using Sway.Storage;

namespace Sway.Tests.Hosting;

/// <summary>The local host runs every trigger the Functions app has: its timers and both queue workers.</summary>
public sealed class LocalHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Sway_serve_runs_every_timer_and_a_worker_for_each_queue()
    {
        var settings = new Dictionary<string, string?>
        {
            ["SwayStorage"] = azurite.ConnectionString,
            ["Storage:NamePrefix"] = SwayTestHost.NewPrefix(),
        };
        await using var app = LocalHost.Build(settings, "http://127.0.0.1:0", timers: true, workers: true);

        var hosted = app.Services.GetServices<IHostedService>().ToList();

        Assert.Equal(["NightlyRescore", "PullActivity", "SampleQueues"], hosted.OfType<CronTimer>().Select(t => t.Name).Order());
        var workers = hosted.OfType<QueueWorker>().ToList();
        Assert.Equal(3, workers.Count);
        Assert.Contains(app.Services.GetRequiredService<QueueWorker>(), workers);
        Assert.Contains(app.Services.GetRequiredKeyedService<QueueWorker>(StorageNames.RescoreShardsQueue), workers);
        Assert.Contains(app.Services.GetRequiredKeyedService<QueueWorker>(StorageNames.WebhookDeliveriesQueue), workers);
    }
}
