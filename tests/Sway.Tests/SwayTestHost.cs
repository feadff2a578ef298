using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sway.Cli.Hosting;
using Sway.Domain;
using Sway.Http;
using Sway.Storage;

namespace Sway.Tests;

/// <summary>
/// The local host exactly as <c>sway serve</c> builds it, on the shared Azurite, isolated by a storage name prefix
/// of its own, with a fake clock and the background loops off: a test pulls and drains when it chooses.
/// </summary>
public sealed class SwayTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private bool _ownsStorage;

    private SwayTestHost(WebApplication app, FakeTimeProvider clock, string prefix)
    {
        _app = app;
        Clock = clock;
        Prefix = prefix;
    }

    public FakeTimeProvider Clock { get; }

    public string Prefix { get; }

    public IServiceProvider Services => _app.Services;

    public HttpClient Http { get; private set; } = new();

    public SwayStorage Storage => Get<SwayStorage>();

    /// <summary>
    /// Starts a host over storage of its own (a new prefix), whose tables and queues it deletes when disposed: the shared
    /// Azurite looks every request's table up among all the tables it holds, so a run that kept every test's tables
    /// would slow down test by test.
    /// </summary>
    public static async Task<SwayTestHost> StartAsync(AzuriteFixture azurite, params (string Key, string? Value)[] settings) =>
        (await StartAsync(azurite, NewPrefix(), settings)).Owning();

    /// <summary>Starts a host over the storage of <paramref name="prefix"/> (a second host on the same prefix sees the same data).</summary>
    public static Task<SwayTestHost> StartAsync(AzuriteFixture azurite, string prefix, params (string Key, string? Value)[] settings) =>
        StartAsync(azurite, prefix, null, settings);

    /// <summary>As above, with last-minute service changes (a fault seam aimed at one call, a source of the test's own).</summary>
    public static Task<SwayTestHost> StartAsync(
        AzuriteFixture azurite, string prefix, Action<IServiceCollection>? services, params (string Key, string? Value)[] settings) =>
        StartAsync(azurite, prefix, services, SwayRoutes.All, settings);

    /// <summary>A host whose HTTP API is <paramref name="routes"/>: the product's table with routes of the test's own.</summary>
    public static async Task<SwayTestHost> StartAsync(AzuriteFixture azurite, IReadOnlyList<SwayRoute> routes, params (string Key, string? Value)[] settings) =>
        (await StartAsync(azurite, NewPrefix(), null, routes, settings)).Owning();

    private static async Task<SwayTestHost> StartAsync(
        AzuriteFixture azurite, string prefix, Action<IServiceCollection>? services, IReadOnlyList<SwayRoute> routes, (string Key, string? Value)[] settings)
    {
        var clock = new FakeTimeProvider(Start);
        var all = new Dictionary<string, string?>
        {
            ["SwayStorage"] = azurite.ConnectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Sway.Cli.Hosting.QueueWorker"] = "None",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var app = LocalHost.Build(all, "http://127.0.0.1:0", timers: false, workers: false, configureServices: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        }, routes: routes);
        await LocalHost.StartAsync(app, TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SwayTestHost(app, clock, prefix) { Http = new HttpClient { BaseAddress = new Uri(address) } };
    }

    private SwayTestHost Owning()
    {
        _ownsStorage = true;
        return this;
    }

    public static string NewPrefix() => "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Stores a linked profile of these accounts and the reactions they received.</summary>
    public async Task<Profile> LinkAsync(string profileId, IReadOnlyList<LinkedAccount> accounts, params Interaction[] received)
    {
        var profile = new Profile(profileId, accounts, ProfileOrigin.Linked, Clock.GetUtcNow());
        await Get<ProfileStore>().SaveAsync([profile], TestContext.Current.CancellationToken);
        await Get<InteractionStore>().WriteAsync(received, TestContext.Current.CancellationToken);
        return profile;
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Runs the score worker until the queue is empty.</summary>
    public Task<int> DrainScoreQueueAsync() => Get<QueueWorker>().DrainAsync(TestContext.Current.CancellationToken);

    /// <summary>Runs the score worker while <paramref name="producer"/> runs, then until the queue is empty.</summary>
    public Task<int> DrainScoreQueueWhileAsync(Task producer) => Get<QueueWorker>().DrainWhileAsync(producer, TestContext.Current.CancellationToken);

    /// <summary>Runs the shard worker of the nightly fan-out until its queue is empty (continuations included).</summary>
    public Task<int> DrainShardQueueAsync() =>
        _app.Services.GetRequiredKeyedService<QueueWorker>(StorageNames.RescoreShardsQueue).DrainAsync(TestContext.Current.CancellationToken);

    /// <summary>
    /// A whole nightly rescoring as the local host runs it: the timer's run (standings, one message per shard), the
    /// shard worker paging through the shards, and the score worker draining the batches while the shards are read.
    /// </summary>
    public async Task RunNightlyAsync()
    {
        await Get<Scoring.NightlyRescorer>().RunAsync(TestContext.Current.CancellationToken);
        await DrainScoreQueueWhileAsync(DrainShardQueueAsync());
    }

    /// <summary>Runs the webhook delivery worker until its queue holds nothing (delayed retries included).</summary>
    public Task<int> DrainWebhookQueueAsync() =>
        _app.Services.GetRequiredKeyedService<QueueWorker>(StorageNames.WebhookDeliveriesQueue).DrainAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        if (_ownsStorage)
        {
            await DeleteStorageAsync();
        }

        await _app.DisposeAsync();
    }

    /// <summary>Deletes this host's tables and queues; a storage that is gone (a test stopped it) is left as it is.</summary>
    private async Task DeleteStorageAsync()
    {
        var storage = Storage;
        var queues = StorageNames.Queues.Select(storage.Queue).SelectMany(q => new[] { q, storage.PoisonOf(q) });
        try
        {
            await Task.WhenAll(storage.AllTables().Select(t => t.DeleteAsync()).Concat(queues.Select(q => (Task)q.DeleteIfExistsAsync())));
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException)
        {
            // Cleanup only: the test has passed or failed already.
        }
    }
}
