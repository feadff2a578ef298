using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sway.Connectors;
using Sway.Domain;

namespace Sway.Tests.Connectors.Mastodon;

/// <summary>The Mastodon connector as the tests build it: over a <see cref="MastodonFake"/>, alone or in a <see cref="SwayTestHost"/>.</summary>
internal static class MastodonConnector
{
    public const string PseudonymKey = "mastodon-tests-pseudonym-key-0123456789abcdef";

    /// <summary>The settings that point the connector at the fake (and, with a live network on, the pseudonym key a host needs).</summary>
    public static (string Key, string? Value)[] Settings(MastodonFake fake, string? token = null) =>
    [
        ("Connectors:Mastodon:Instances:0:Domain", fake.Domain),
        ("Connectors:Mastodon:Instances:0:BaseUrl", fake.BaseUrl.ToString()),
        ("Connectors:Mastodon:Instances:0:Token", token),
        ("Connectors:RetryDelay", "00:00:00"),
        ("Privacy:PseudonymKey", PseudonymKey),
    ];

    /// <summary>The connector's services alone (no storage): its reader over the fake, on <paramref name="clock"/>.</summary>
    public static ServiceProvider Services(MastodonFake fake, TimeProvider clock, string? token = null, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in Settings(fake, token).Concat(settings))
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.Section));
        services.AddMastodonConnector(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public static IAccountReader Reader(ServiceProvider services) => services.GetServices<IAccountReader>().Single();

    public static LinkedAccount Linked(string accountId) => new(Networks.Mastodon.Name, accountId, accountId);

    /// <summary>A whole pass over <paramref name="account"/>: every step's position and page.</summary>
    public static async Task<List<(string? From, AccountPage Page)>> PassAsync(IAccountReader reader, LinkedAccount account, DateTimeOffset since)
    {
        var steps = new List<(string?, AccountPage)>();
        string? position = null;
        do
        {
            var page = await reader.ReadAsync(account, position, since, TestContext.Current.CancellationToken);
            steps.Add((position, page));
            position = page.Next;
            Assert.True(steps.Count < 1_000, "The pass does not end.");
        }
        while (position is not null);

        return steps;
    }

    /// <summary>
    /// Awaits <paramref name="task"/> while moving the fake clock on in small steps (a wait on the clock ends only so);
    /// answers what it returned and the wall-clock time it took. A request in flight sees the clock move too: tests
    /// that drive the clock give requests a long <c>Connectors:RequestTimeout</c>.
    /// </summary>
    public static async Task<(T Result, TimeSpan Wall)> DriveAsync<T>(Task<T> task, FakeTimeProvider clock)
    {
        var wall = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, TestContext.Current.CancellationToken));
            if (!task.IsCompleted)
            {
                clock.Advance(TimeSpan.FromMilliseconds(500));
            }

            Assert.True(wall.Elapsed < TimeSpan.FromMinutes(1), "The read did not end.");
        }

        return (await task, wall.Elapsed);
    }
}
