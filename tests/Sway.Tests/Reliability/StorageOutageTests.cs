using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Data.Tables;
using Sway.Cli.Hosting;
using Sway.Storage;
using Sway.Tests.Cli;

namespace Sway.Tests.Reliability;

/// <summary>
/// Storage that goes away: <c>sway serve</c> keeps running through an outage, answers lookups with 503 problems while
/// it lasts and recovers by itself when storage returns; a command whose storage stays unreachable longer than its
/// give-up time exits with a message that says what to do, instead of hanging.
/// </summary>
public sealed class StorageOutageTests
{
    // The emulator's well-known development account key (public, documented by Microsoft; not a secret).
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_answers_503_problems_while_storage_is_stopped_and_recovers_by_itself_when_it_returns()
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, Ct);
        var port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["SwayStorage"] = azurite.ConnectionString,
            ["Schedules__Pull"] = "*/2 * * * * *",
        };
        await using var sway = SwayProcess.Start(environment, "serve", "--demo", "--port", port.ToString(CultureInfo.InvariantCulture));
        await sway.WaitForOutputAsync(line => line.Contains("listening", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        // The SDK retries a refused connection for several seconds before the lookup gives its 503.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        const string lookup = "/api/profiles/demo-d2/score";
        await UntilAsync(async () => await StatusAsync(http, lookup) == HttpStatusCode.OK, TimeSpan.FromMinutes(2), "demo-d2 was never scored", sway);
        var interactions = StorageNames.ShardsOf(StorageNames.InteractionsTable).Select(shard => new TableClient(azurite.ConnectionString, shard)).ToList();
        var scores = new TableClient(azurite.ConnectionString, StorageNames.ScoresTable);

        await azurite.StopAsync();
        var down = Stopwatch.StartNew();

        TimeSpan answeredIn;
        using (var during = await http.GetAsync(lookup, Ct))
        {
            answeredIn = down.Elapsed;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await during.Content.ReadAsStringAsync(Ct));
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
            Assert.Contains("storage", problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.True(answeredIn < Outage, $"The 503 took {answeredIn.TotalSeconds:F1} s, longer than the outage.");
        }

        Assert.False(sway.HasExited, $"sway serve exited during the outage.{Describe(sway)}");
        var rest = Outage - down.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, TimeProvider.System, Ct);
        }

        Assert.False(sway.HasExited, $"sway serve exited during the outage.{Describe(sway)}");
        await azurite.RestartAsync(Ct);
        var restartedAt = TimeProvider.System.GetUtcNow();
        var back = Stopwatch.StartNew();

        await UntilAsync(async () => await StatusAsync(http, lookup) == HttpStatusCode.OK, Recovery, "lookups did not answer 200 again", sway);
        var lookupsBackIn = back.Elapsed;
        var stored = await TableSnapshot.CountAsync(interactions);
        await UntilAsync(async () => await TableSnapshot.CountAsync(interactions) > stored, Recovery - back.Elapsed, $"no new interaction was stored after the restart (still {stored})", sway);
        var pullsBackIn = back.Elapsed;
        var since = TableClient.CreateQueryFilter($"RowKey eq 'current' and ComputedAt gt {restartedAt}");
        await UntilAsync(async () => await TableSnapshot.CountAsync(scores, since) > 0, Recovery - back.Elapsed, "no score was computed after the restart", sway);
        var scoringBackIn = back.Elapsed;

        Assert.False(sway.HasExited, $"sway serve exited.{Describe(sway)}");
        TestContext.Current.SendDiagnosticMessage(
            $"Outage {Outage.TotalSeconds:F0} s; a lookup answered 503 in {answeredIn.TotalSeconds:F1} s; after the restart: lookups 200 in {lookupsBackIn.TotalSeconds:F1} s, a new interaction in {pullsBackIn.TotalSeconds:F1} s, a new score in {scoringBackIn.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task Replay_exits_1_saying_storage_is_unreachable_and_to_run_it_again_once_the_give_up_time_has_passed()
    {
        using var fixture = ReplayFixture.Write(100);
        var port = FreePort(); // nothing listens on it
        var environment = new Dictionary<string, string>
        {
            ["SwayStorage"] = string.Create(
                CultureInfo.InvariantCulture,
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevKey};" +
                $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"),
            ["Storage__Outage__GiveUpAfter"] = "00:00:03",
            ["Storage__MaxRetries"] = "1",
        };
        var watch = Stopwatch.StartNew();

        var result = await SwayCli.RunAsync(environment, "replay", "--file", fixture.Path);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"sway replay took {watch.Elapsed.TotalSeconds:F0} s to give up.");
        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}{Environment.NewLine}{result.Output}{Environment.NewLine}{result.Error}");
        Assert.StartsWith("sway: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("unreachable", result.Error, StringComparison.Ordinal);
        Assert.Contains("run the same command again", result.Error, StringComparison.Ordinal);
        TestContext.Current.SendDiagnosticMessage($"sway replay gave up after {watch.Elapsed.TotalSeconds:F1} s: {result.Error.Trim()}");
    }

    /// <summary>Polls <paramref name="condition"/> every half second until it holds; fails with <paramref name="failure"/> and sway's output after <paramref name="timeout"/>.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure, SwayProcess sway)
    {
        var since = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(sway.HasExited, $"sway serve exited.{Describe(sway)}");
            if (await condition())
            {
                return;
            }

            Assert.True(since.Elapsed < timeout, $"Within {timeout.TotalSeconds:F0} s, {failure}.{Describe(sway)}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, Ct);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Ct);
        return response.StatusCode;
    }

    private static string Describe(SwayProcess sway) =>
        $"{Environment.NewLine}Output:{Environment.NewLine}{sway.Output}{Environment.NewLine}Error:{Environment.NewLine}{sway.Error}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
