using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sway.Cli.Hosting;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;
using Sway.Webhooks;

namespace Sway.Bench;

/// <summary>
/// Webhook delivery on Azurite to a loopback receiver, side by side with its floor: the same signed bodies POSTed
/// straight to the same receiver by a plain HttpClient at the local worker's concurrency, no storage at all.
/// Also the latency from a score change (the event's timestamp, when the score was computed) to its arrival.
/// </summary>
internal static class WebhookDeliveryBenchmark
{
    private const int Concurrency = 16; // the local worker's batch size: 8 to 24 messages in flight

    public static async Task RunAsync(int events, int repetitions, int profiles)
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, CancellationToken.None);
        await using var receiver = await Receiver.StartAsync();
        Console.WriteLine($"{events:N0} events per repetition, {repetitions} repetitions; baseline concurrency {Concurrency}; latency over {profiles} profiles");

        var rates = new Dictionary<string, List<double>> { ["Sway (queue → claim → POST → record)"] = [], ["plain HttpClient POSTs (baseline)"] = [] };
        var latencies = new List<double>();
        for (var r = 0; r < repetitions; r++)
        {
            foreach (var method in r % 2 == 0 ? rates.Keys.ToList() : rates.Keys.Reverse().ToList())
            {
                receiver.Reset();
                var seconds = method.StartsWith("Sway", StringComparison.Ordinal)
                    ? await SwayAsync(azurite.ConnectionString, receiver, events, r, profiles, latencies)
                    : await BaselineAsync(receiver, events);
                rates[method].Add(events / seconds);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| method | deliveries/s (median) | min | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (method, list) in rates)
        {
            var sorted = list.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {method} | {sorted[sorted.Count / 2]:N0} | {sorted[0]:N0} | {sorted[^1]:N0} |"));
        }

        var sway = rates.Values.First().Order().ToList();
        var baseline = rates.Values.Last().Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sway / baseline: {sway[sway.Count / 2] / baseline[baseline.Count / 2]:0.000}"));
        latencies.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"score change → delivery ({latencies.Count} events): median {Percentile(latencies, 0.5):N0} ms, p95 {Percentile(latencies, 0.95):N0} ms, max {latencies[^1]:N0} ms"));
    }

    /// <summary>
    /// Publishes the events through the outbox (one delivery row and one queue message each) with the worker stopped,
    /// then times the delivery worker alone, from its start until the receiver has every event; then the latency
    /// run, on a host whose workers run as under <c>sway serve</c>.
    /// </summary>
    private static async Task<double> SwayAsync(string connection, Receiver receiver, int events, int repetition, int profiles, List<double> latencies)
    {
        double seconds;
        await using (var app = await StartHostAsync(connection, $"bench{repetition}", workers: false))
        {
            await Subscribe(app.Services, receiver);
            var outbox = app.Services.GetRequiredService<WebhookOutbox>();
            var publishing = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, events), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                await outbox.PublishAsync(WebhookEvent.ProfileErased($"bench-{i}", TimeProvider.System.GetUtcNow()), ct));
            var published = publishing.Elapsed;

            var delivering = Stopwatch.StartNew();
            var worker = app.Services.GetRequiredKeyedService<QueueWorker>(StorageNames.WebhookDeliveriesQueue);
            var draining = worker.DrainAsync(CancellationToken.None);
            await receiver.WaitForAsync(events);
            seconds = delivering.Elapsed.TotalSeconds;
            await draining;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Sway, repetition {repetition + 1}: {events:N0} events published (a delivery row and a message each) in {published.TotalSeconds:0.0} s; delivered in {seconds:0.0} s"));
        }

        receiver.Reset();
        await using (var app = await StartHostAsync(connection, $"latency{repetition}", workers: true))
        {
            await Subscribe(app.Services, receiver);
            latencies.AddRange(await ScoreChangeLatenciesAsync(app.Services, receiver, profiles));
            await app.StopAsync();
        }

        return seconds;
    }

    private static async Task<WebApplication> StartHostAsync(string connection, string prefix, bool workers)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SwayStorage"] = connection,
            ["Storage:NamePrefix"] = prefix,
            ["Webhooks:AllowLoopback"] = "true",
            ["Api:Key"] = "bench-key-0123456789abcdef",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = LocalHost.Build(settings, "http://127.0.0.1:0", timers: false, workers: workers);
        await LocalHost.StartAsync(app, CancellationToken.None);
        return app;
    }

    private static async Task Subscribe(IServiceProvider services, Receiver receiver)
    {
        var created = await services.GetRequiredService<WebhookSubscriptions>()
            .CreateAsync($$"""{"url": "{{receiver.Url}}", "events": ["score.changed", "profile.erased"]}""", CancellationToken.None);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(created.Problem.Detail);
        }
    }

    /// <summary>Links profiles with a few reactions, asks for their scores, and measures each first-score event's arrival after its computation.</summary>
    private static async Task<IEnumerable<double>> ScoreChangeLatenciesAsync(IServiceProvider services, Receiver receiver, int profiles)
    {
        var now = TimeProvider.System.GetUtcNow();
        var linked = Enumerable.Range(0, profiles)
            .Select(i => new Profile($"latency-{i}", [new LinkedAccount("mastodon", $"l{i}", $"l{i}@bench.social")], ProfileOrigin.Linked, now))
            .ToList();
        await services.GetRequiredService<ProfileStore>().SaveAsync(linked, CancellationToken.None);
        await services.GetRequiredService<InteractionStore>().WriteAsync(
            [.. linked.SelectMany((p, i) => Enumerable.Range(0, 3).Select(k => new Interaction($"lat-{i}-{k}", "mastodon", $"fan{k}", $"l{i}", InteractionType.Reply, "p1", now.AddHours(-1))))],
            CancellationToken.None);
        await services.GetRequiredService<ScoreRequestQueue>().EnqueueAsync(linked.Select(p => p.Id), ScoreRequestReason.Activity, CancellationToken.None);
        await receiver.WaitForAsync(profiles);
        return receiver.Arrivals.Select(a =>
        {
            using var body = JsonDocument.Parse(a.Body);
            return (a.At - body.RootElement.GetProperty("timestamp").GetDateTimeOffset()).TotalMilliseconds;
        });
    }

    /// <summary>The floor: the same kind of signed POSTs, straight from an HttpClient, with no storage or queue.</summary>
    private static async Task<double> BaselineAsync(Receiver receiver, int events)
    {
        var secret = WebhookSecret.Generate();
        using var http = new HttpClient();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, events), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
        {
            var e = WebhookEvent.ProfileErased($"bench-{i}", TimeProvider.System.GetUtcNow());
            using var request = new HttpRequestMessage(HttpMethod.Post, receiver.Url) { Content = new StringContent(e.Body, Encoding.UTF8, "application/json") };
            var at = TimeProvider.System.GetUtcNow();
            request.Headers.Add(WebhookSignature.IdHeader, e.Id);
            request.Headers.Add(WebhookSignature.TimestampHeader, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(e.Id, at, e.Body, [secret]));
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        await receiver.WaitForAsync(events);
        return watch.Elapsed.TotalSeconds;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>A loopback receiver answering 204 and recording each body with its arrival time (system clock).</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Receiver(WebApplication app) => _app = app;

        public ConcurrentQueue<(DateTimeOffset At, string Body)> Arrivals { get; private set; } = new();

        public Uri Url { get; private set; } = null!;

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.Run(async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                receiver.Arrivals.Enqueue((TimeProvider.System.GetUtcNow(), body));
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            });
            await app.StartAsync();
            receiver.Url = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()), "/hooks");
            return receiver;
        }

        public void Reset() => Arrivals = new();

        public async Task WaitForAsync(int count)
        {
            var idle = Stopwatch.StartNew();
            var seen = 0;
            while (Arrivals.Count < count)
            {
                if (Arrivals.Count != seen)
                {
                    seen = Arrivals.Count;
                    idle.Restart();
                }

                if (idle.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException($"Only {Arrivals.Count} of {count} deliveries arrived; none for two minutes.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
