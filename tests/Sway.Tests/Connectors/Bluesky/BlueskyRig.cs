using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sway.Connectors;
using Sway.Domain;

namespace Sway.Tests.Connectors.Bluesky;

/// <summary>
/// The Bluesky reader as the product registers it (<see cref="BlueskyServiceCollectionExtensions.AddBlueskyConnector"/>
/// with its HTTP client, retry and rate-limit gate), pointed at a <see cref="BlueskyFake"/>, on a fake clock.
/// </summary>
internal sealed class BlueskyRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BlueskyRig(BlueskyFake fake, FakeTimeProvider clock, ServiceProvider services)
    {
        Fake = fake;
        Clock = clock;
        _services = services;
        Reader = services.GetRequiredService<IAccountReader>();
    }

    public BlueskyFake Fake { get; }

    public FakeTimeProvider Clock { get; }

    public IAccountReader Reader { get; }

    public static async Task<BlueskyRig> StartAsync(params (string Key, string? Value)[] settings)
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        var fake = await BlueskyFake.StartAsync(clock);
        var all = new Dictionary<string, string?>(Settings(fake));
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.Section));
        services.AddBlueskyConnector(configuration);
        return new BlueskyRig(fake, clock, services.BuildServiceProvider());
    }

    /// <summary>
    /// The settings that point Sway's Bluesky connector at <paramref name="fake"/>. Requests may take long on the fake
    /// clock, which tests move on while a request is in flight.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(BlueskyFake fake) =>
    [
        new("Connectors:Bluesky:Enabled", "true"),
        new("Connectors:Bluesky:ServiceUrl", fake.BaseUrl.ToString()),
        new("Connectors:RequestTimeout", "00:05:00"),
    ];

    /// <summary>Awaits <paramref name="task"/>, moving the fake clock on a second every few milliseconds so that waits on it end.</summary>
    public static async Task<T> WhileTimePassesAsync<T>(FakeTimeProvider clock, Task<T> task)
    {
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, TestContext.Current.CancellationToken));
            if (!task.IsCompleted)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        return await task;
    }

    public Task<AccountPage> ReadAsync(LinkedAccount account, string? position, DateTimeOffset since) =>
        WhileTimePassesAsync(Clock, Reader.ReadAsync(account, position, since, TestContext.Current.CancellationToken));

    /// <summary>A whole pass over <paramref name="account"/>: every step's position and what it returned.</summary>
    public async Task<List<(string? Position, AccountPage Page)>> ReadPassAsync(LinkedAccount account, DateTimeOffset since)
    {
        var steps = new List<(string?, AccountPage)>();
        string? position = null;
        do
        {
            var page = await ReadAsync(account, position, since);
            steps.Add((position, page));
            position = page.Next;
            Assert.True(steps.Count < 10_000, "The pass does not end.");
        }
        while (position is not null);
        return steps;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
