using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sway.Connectors;
using Sway.Connectors.Bluesky;
using Sway.Domain;
using Sway.Ingestion;
using Sway.Linking;
using Sway.Storage;
using Sway.Tests.Linking;

namespace Sway.Tests.Connectors.Bluesky;

/// <summary>
/// The Bluesky connector in the local host, configured from settings to a loopback AppView, pulling into Azurite:
/// a run stopped by a long rate limit or a crash resumes from its stored cursor and stores exactly what a clean run
/// stores; a damaged answer stores nothing and moves no cursor; linking proves control through the AppView.
/// Bluesky is a live network, so rows hold hashed event ids and pseudonyms: runs are compared with a clean run of the
/// same settings, not with raw ids.
/// </summary>
public sealed class BlueskyPullTests(AzuriteFixture azurite)
{
    private const string PseudonymKey = "bluesky-pull-tests-pseudonym-key-0123456789";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wait_beyond_MaxWait_ends_the_run_with_the_cursor_kept_and_the_next_run_resumes_where_it_stopped()
    {
        await using var fake = await BlueskyFake.StartAsync(TimeProvider.System);
        fake.PageSize = 2;
        var scenario = BlueskyScenario.Add(fake);
        var clean = await CleanRunAsync(fake);
        var cleanRequests = fake.Requests.Count;

        await using var host = await StartAsync(fake, SwayTestHost.NewPrefix(), ("Connectors:MaxWait", "00:00:30"));
        await LinkAsync(host);
        fake.Fail("app.bsky.feed.getRepostedBy", BlueskyFault.RetryAfterSeconds(TimeSpan.FromHours(1)), skip: 2);
        var first = await host.Get<ActivityPuller>().PullAsync(Ct);
        var limited = fake.Requests[^1];
        var stopped = await RowsAsync(host);
        var cursor = await host.Get<CursorStore>().GetCursorAsync("bluesky", Ct);

        host.Clock.Advance(TimeSpan.FromHours(2));
        var resumedAt = fake.Requests.Count;
        await host.Get<ActivityPuller>().PullAsync(Ct);

        Assert.Equal("app.bsky.feed.getRepostedBy", limited.Method);
        Assert.InRange(stopped.Count, 1, clean.Count - 1);
        Assert.Equal(stopped.Count, first.Stored);
        Assert.NotNull(cursor);
        Assert.Equal(limited.Query, fake.Requests[resumedAt].Query);
        Assert.Equal(clean, await RowsAsync(host));
        Assert.Equal(scenario.Expected.Count + 1, clean.Count);
        Assert.InRange(fake.Requests.Count - resumedAt, 1, cleanRequests - 10);
    }

    [Fact]
    public async Task A_crash_between_pages_resumes_from_the_stored_cursor_with_no_gap_and_no_duplicate()
    {
        await using var fake = await BlueskyFake.StartAsync(TimeProvider.System);
        fake.PageSize = 2;
        BlueskyScenario.Add(fake);
        var clean = await CleanRunAsync(fake, ("Ingestion:BatchSize", "1"));
        var cleanRequests = fake.Requests.Count;

        var prefix = SwayTestHost.NewPrefix();
        List<string> crashed;
        await using (var host = await StartAsync(fake, prefix, ("Ingestion:BatchSize", "1")))
        {
            await LinkAsync(host);
            using var crash = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            fake.OnRequest(fake.Requests.Count + 20, crash.Cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Get<ActivityPuller>().PullAsync(crash.Token));
            crashed = await RowsAsync(host);
            Assert.NotNull(await host.Get<CursorStore>().GetCursorAsync("bluesky", Ct));
        }

        await using var restarted = await StartAsync(fake, prefix, ("Ingestion:BatchSize", "1"));
        var before = fake.Requests.Count;
        await restarted.Get<ActivityPuller>().PullAsync(Ct);

        Assert.InRange(crashed.Count, 1, clean.Count - 1);
        Assert.Equal(clean, await RowsAsync(restarted));
        Assert.InRange(fake.Requests.Count - before, 1, cleanRequests - 10);
    }

    [Theory]
    [InlineData(BlueskyFaultKind.Malformed)]
    [InlineData(BlueskyFaultKind.Truncated)]
    [InlineData(BlueskyFaultKind.WrongShape)]
    public async Task A_damaged_answer_stops_the_pull_naming_the_url_with_nothing_stored_and_the_cursor_unchanged(BlueskyFaultKind kind)
    {
        await using var fake = await BlueskyFake.StartAsync(TimeProvider.System);
        var scenario = BlueskyScenario.Add(fake);
        await using var host = await StartAsync(fake, SwayTestHost.NewPrefix());
        await LinkAsync(host);
        fake.Fail("app.bsky.feed.getLikes", new BlueskyFault(kind), skip: 1);

        var failed = await Assert.ThrowsAsync<AggregateException>(() => host.Get<ActivityPuller>().PullAsync(Ct));

        var damaged = Assert.IsType<ConnectorDataException>(Assert.Single(failed.InnerExceptions));
        Assert.Contains($"{fake.BaseUrl}xrpc/app.bsky.feed.getLikes?uri=", damaged.Message, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync(host));
        Assert.Null(await host.Get<CursorStore>().GetCursorAsync("bluesky", Ct));

        await host.Get<ActivityPuller>().PullAsync(Ct);
        Assert.Equal(scenario.Expected.Count + 1, (await RowsAsync(host)).Count);
    }

    [Fact]
    public async Task Linking_by_proof_finds_the_code_in_the_description_or_a_latest_post_through_the_AppView()
    {
        await using var fake = await BlueskyFake.StartAsync(TimeProvider.System);
        var scenario = BlueskyScenario.Add(fake);
        fake.AddAccount("did:plc:carol", "carol.example.com", "Nothing here.");
        await using var host = await StartAsync(fake, SwayTestHost.NewPrefix());

        var alice = await LinkingTests.CreateAsync(host, BlueskyScenario.Handle);
        var early = await LinkingTests.VerifyAsync(host, alice.ProfileId, BlueskyScenario.Handle);
        fake.SetDescription(BlueskyScenario.Did, $"I write about rivers. {alice.Code}");
        var proven = await LinkingTests.VerifyAsync(host, alice.ProfileId, BlueskyScenario.Handle);
        var carol = await LinkingTests.CreateAsync(host, "carol.example.com");
        fake.AddPost("did:plc:carol", $"Linking my Sway profile: {carol.Code}", host.Clock.GetUtcNow());
        var carolProven = await LinkingTests.VerifyAsync(host, carol.ProfileId, "carol.example.com");
        await host.Get<ActivityPuller>().PullAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proven.StatusCode);
        var view = (await proven.Content.ReadFromJsonAsync<ProfileView>(SwayJson.Options, Ct))!;
        Assert.Equal([new LinkedAccount("bluesky", BlueskyScenario.Did, BlueskyScenario.Handle)], view.Accounts);
        Assert.Equal(HttpStatusCode.OK, carolProven.StatusCode);
        Assert.Equal(scenario.Expected.Count, await TableSnapshot.CountAsync(host.Storage.Interactions.All));
    }

    [Fact]
    public async Task Enabled_in_settings_Bluesky_is_an_activity_source_and_a_reader_of_the_configured_AppView()
    {
        await using var fake = await BlueskyFake.StartAsync(TimeProvider.System);
        await using var host = await StartAsync(fake, SwayTestHost.NewPrefix());
        await using var without = await SwayTestHost.StartAsync(azurite);

        var source = Assert.Single(host.Services.GetServices<IActivitySource>(), s => s.Name == "bluesky");
        Assert.Equal(Networks.Bluesky, source.Network);
        Assert.IsType<BlueskyReader>(Assert.Single(host.Services.GetServices<IAccountReader>()));
        Assert.DoesNotContain(without.Services.GetServices<IActivitySource>(), s => s.Name == "bluesky");
        Assert.Empty(without.Services.GetServices<IAccountReader>());
    }

    [Theory]
    [InlineData("Connectors:Bluesky:ServiceUrl", "not an address", "Connectors:Bluesky:ServiceUrl")]
    [InlineData("Connectors:Bluesky:ServiceUrl", "ftp://appview.example", "Connectors:Bluesky:ServiceUrl")]
    [InlineData("Connectors:Bluesky:PageSize", "0", "PageSize")]
    [InlineData("Connectors:Bluesky:PageSize", "101", "PageSize")]
    [InlineData("Connectors:Bluesky:ReReadWindow", "365.00:00:00", "ReReadWindow")]
    [InlineData("Privacy:PseudonymKey", null, "Privacy:PseudonymKey")]
    public async Task A_bad_Bluesky_setting_fails_at_start_up_naming_it(string key, string? value, string named)
    {
        await using var fake = await BlueskyFake.StartAsync(TimeProvider.System);

        var failed = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(fake, SwayTestHost.NewPrefix(), (key, value)));

        Assert.Contains(named, failed.ToString(), StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    /// <summary>
    /// A host whose Bluesky connector reads <paramref name="fake"/>; the fake stamps its requests with the host's clock.
    /// A setting given as null is left unset.
    /// </summary>
    private async Task<SwayTestHost> StartAsync(BlueskyFake fake, string prefix, params (string Key, string? Value)[] settings)
    {
        var unset = settings.Where(s => s.Value is null).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        (string Key, string? Value)[] all =
        [
            .. BlueskyRig.Settings(fake).Select(s => (s.Key, s.Value)),
            ("Privacy:PseudonymKey", PseudonymKey),
            ("Api:Key", LinkingTests.Key),
            .. settings,
        ];
        all = [.. all.Where(s => !unset.Contains(s.Key))];
        var host = await SwayTestHost.StartAsync(azurite, prefix, null, all);
        fake.Clock = host.Clock;
        return host;
    }

    /// <summary>The rows one uninterrupted run stores, on storage of its own.</summary>
    private async Task<List<string>> CleanRunAsync(BlueskyFake fake, params (string Key, string? Value)[] settings)
    {
        await using var host = await StartAsync(fake, SwayTestHost.NewPrefix(), settings);
        await LinkAsync(host);
        await host.Get<ActivityPuller>().PullAsync(Ct);
        return await RowsAsync(host);
    }

    /// <summary>Alice and Bob, linked (as a proven link leaves them).</summary>
    private static async Task LinkAsync(SwayTestHost host)
    {
        await host.LinkAsync("alice", [new LinkedAccount("bluesky", BlueskyScenario.Did, BlueskyScenario.Handle)]);
        await host.LinkAsync("bob", [new LinkedAccount("bluesky", "did:plc:bob", "bob.example.com")]);
    }

    /// <summary>Every stored reaction: keys and properties, sorted.</summary>
    private static async Task<List<string>> RowsAsync(SwayTestHost host) =>
        [.. (await TableSnapshot.AllAsync(host.Storage.Interactions.All))
            .Select(e => $"{e.PartitionKey} {e.RowKey} " + string.Join(" ", e.Keys
                .Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))
                .Order(StringComparer.Ordinal)
                .Select(k => $"{k}={e[k]}")))
            .Order(StringComparer.Ordinal)];
}
