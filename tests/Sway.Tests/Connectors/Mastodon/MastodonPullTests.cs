using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Sway.Connectors;
using Sway.Ingestion;
using Sway.Storage;

namespace Sway.Tests.Connectors.Mastodon;

/// <summary>
/// Pulls through the Mastodon connector in a host on Azurite, against the fake instance: a rate limit longer than
/// <c>Connectors:MaxWait</c> ends the run where it is and the next run goes on from there; a crash between pages
/// resumes from the stored cursor with no gap and no duplicate; an answer that is not the API's shape stops the pull,
/// naming the address, with nothing stored and the cursor where it was. Rows are compared with a clean run of the same
/// configuration (live networks store event ids hashed and unlinked reactors as pseudonyms).
/// </summary>
public sealed class MastodonPullTests(AzuriteFixture azurite)
{
    private const string Source = "mastodon@example.social";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rate_limit_beyond_MaxWait_ends_the_run_with_the_cursor_kept_and_the_next_run_resumes_there()
    {
        var clean = await CleanRunAsync();
        await using var fake = await MastodonFake.StartAsync(new FakeTimeProvider(SwayTestHost.Start));
        _ = new AliceScenario(fake, SwayTestHost.Start);
        await using var host = await StartAsync(fake, ("Connectors:MaxWait", "00:00:30"));
        fake.FailOn(8, new FakeFault(FakeFaultKind.TooManyRequests, TimeSpan.FromHours(1)));

        var first = await host.Get<ActivityPuller>().PullAsync(Ct);
        var cursor = await host.Get<CursorStore>().GetCursorAsync(Source, Ct);
        var partial = await RowsAsync(host);
        var requestsBefore = fake.RequestCount;
        var early = await host.Get<ActivityPuller>().PullAsync(Ct);
        var requestsEarly = fake.RequestCount;
        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await host.Get<ActivityPuller>().PullAsync(Ct);

        Assert.Equal(8, requestsBefore);
        Assert.InRange(partial.Count, 1, clean.Count - 1);
        Assert.Equal(partial.Count, first.Stored);
        Assert.NotNull(ConnectorCursor.Parse(cursor)?.Position);
        Assert.Equal(0, early.Read);
        Assert.Equal(requestsBefore, requestsEarly);
        Assert.Equal(fake.Requests[7].PathAndQuery, fake.Requests[8].PathAndQuery);
        Assert.Equal(clean, await RowsAsync(host));
    }

    [Fact]
    public async Task A_crash_between_pages_resumes_from_the_stored_cursor_with_no_gap_and_no_duplicate()
    {
        var clean = await CleanRunAsync();
        await using var fake = await MastodonFake.StartAsync(new FakeTimeProvider(SwayTestHost.Start));
        var scenario = new AliceScenario(fake, SwayTestHost.Start);
        await using var host = await StartAsync(fake, ("Connectors:MaxRetries", "0"));
        fake.FailFrom(9);

        await Assert.ThrowsAsync<AggregateException>(() => host.Get<ActivityPuller>().PullAsync(Ct));
        Assert.Equal(9, fake.RequestCount); // the network's failure fails the source at once: it is no storage outage to wait out
        var stored = await RowsAsync(host);
        var cursor = ConnectorCursor.Parse(await host.Get<CursorStore>().GetCursorAsync(Source, Ct));
        fake.Heal();
        await host.Get<ActivityPuller>().PullAsync(Ct);

        Assert.InRange(stored.Count, 1, clean.Count - 1);
        Assert.NotNull(cursor?.Position);
        Assert.Equal(scenario.ExpectedWithoutToken.Count(e => e.Actor != scenario.AliceId), clean.Count);
        Assert.Equal(clean, await RowsAsync(host));
    }

    [Theory]
    [InlineData(FakeFaultKind.Malformed)]
    [InlineData(FakeFaultKind.Truncated)]
    [InlineData(FakeFaultKind.WrongShape)]
    public async Task An_answer_that_is_not_the_APIs_shape_stops_the_pull_naming_the_address_with_nothing_stored_and_the_cursor_kept(FakeFaultKind kind)
    {
        await using var fake = await MastodonFake.StartAsync(new FakeTimeProvider(SwayTestHost.Start));
        _ = new AliceScenario(fake, SwayTestHost.Start);
        await using var host = await StartAsync(fake);
        fake.FailOn(3, new FakeFault(kind));

        var failed = await Assert.ThrowsAsync<AggregateException>(() => host.Get<ActivityPuller>().PullAsync(Ct));

        var data = Assert.IsType<ConnectorDataException>(Assert.Single(failed.InnerExceptions));
        Assert.Contains(new Uri(fake.BaseUrl, fake.Requests[2].PathAndQuery).ToString(), data.Message, StringComparison.Ordinal);
        Assert.Null(await host.Get<CursorStore>().GetCursorAsync(Source, Ct));
        Assert.Empty(await RowsAsync(host));
        Assert.Equal(3, fake.RequestCount);
    }

    /// <summary>The rows a run with nothing in its way stores, for the same scenario and configuration.</summary>
    private async Task<List<string>> CleanRunAsync()
    {
        await using var fake = await MastodonFake.StartAsync(new FakeTimeProvider(SwayTestHost.Start));
        _ = new AliceScenario(fake, SwayTestHost.Start);
        await using var host = await StartAsync(fake);
        var report = await host.Get<ActivityPuller>().PullAsync(Ct);
        var rows = await RowsAsync(host);
        Assert.Equal(rows.Count, report.Stored);
        return rows;
    }

    private async Task<SwayTestHost> StartAsync(MastodonFake fake, params (string Key, string? Value)[] settings)
    {
        var host = await SwayTestHost.StartAsync(azurite, [.. MastodonConnector.Settings(fake), ("Ingestion:BatchSize", "2"), .. settings]);
        await host.LinkAsync("palice", [MastodonConnector.Linked("alice@example.social")]);
        return host;
    }

    private static async Task<List<string>> RowsAsync(SwayTestHost host) =>
        [.. (await TableSnapshot.AllAsync(host.Storage.Interactions.All))
            .Select(e => string.Join(" ", new[] { e.PartitionKey, e.RowKey }.Concat(e.Keys
                .Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))
                .Order(StringComparer.Ordinal)
                .Select(k => $"{k}={Convert.ToString(e[k], CultureInfo.InvariantCulture)}"))))
            .Order(StringComparer.Ordinal)];
}
