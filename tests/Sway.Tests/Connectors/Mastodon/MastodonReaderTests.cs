using Microsoft.Extensions.Time.Testing;
using Sway.Connectors;
using Sway.Domain;

namespace Sway.Tests.Connectors.Mastodon;

/// <summary>
/// The Mastodon reader over the loopback fake: a pass pages through statuses and every reaction list to the end, one
/// request a step, and re-reading a position finds the same; rate limits (a used-up window, 429 with Retry-After in
/// seconds or as a date) are waited out on the injected clock, not the wall clock; a 5xx is retried; an answer that is
/// not the API's shape is a <see cref="ConnectorDataException"/> naming the address.
/// </summary>
public sealed class MastodonReaderTests
{
    private const string Token = "fake-token-for-alice";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pass_pages_through_statuses_and_every_reaction_list_to_the_end_one_request_a_step()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        fake.PageSize = 2;
        fake.Token = Token;
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock, Token);
        var reader = MastodonConnector.Reader(services);

        var steps = await MastodonConnector.PassAsync(reader, MastodonConnector.Linked(scenario.AliceId), scenario.Since);
        var found = steps.SelectMany(s => s.Page.Interactions).ToList();

        Assert.Equal(steps.Count, fake.RequestCount);
        Assert.Equal(new AudienceFigures(120, 30, 9), steps[0].Page.Figures);
        Assert.All(steps.Skip(1), s => Assert.Null(s.Page.Figures));
        Assert.Equal(
            scenario.Expected.Select(e => e.ToString()).Order(StringComparer.Ordinal),
            found.Select(i => (i.Type, i.ActorId, i.PostId!, i.OccurredAt).ToString()).Order(StringComparer.Ordinal));
        Assert.All(found, i => Assert.Equal((Networks.Mastodon.Name, scenario.AliceId), (i.Network, i.TargetId)));
        Assert.Equal(found.Count, found.Select(i => i.EventId).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(found, i => i.ActorId == i.TargetId);
        Assert.Contains(fake.Requests, r => r.PathAndQuery.Contains("max_id=", StringComparison.Ordinal) && r.PathAndQuery.Contains("/favourited_by", StringComparison.Ordinal));
        Assert.Contains(fake.Requests, r => r.PathAndQuery.Contains("max_id=", StringComparison.Ordinal) && r.PathAndQuery.Contains("/statuses?", StringComparison.Ordinal));
        Assert.All(fake.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
    }

    [Fact]
    public async Task Without_an_access_token_the_pass_reads_no_notifications_and_finds_everything_else()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock);

        var steps = await MastodonConnector.PassAsync(MastodonConnector.Reader(services), MastodonConnector.Linked(scenario.AliceId), scenario.Since);

        Assert.Equal(
            scenario.ExpectedWithoutToken.Select(e => e.ToString()).Order(StringComparer.Ordinal),
            steps.SelectMany(s => s.Page.Interactions).Select(i => (i.Type, i.ActorId, i.PostId!, i.OccurredAt).ToString()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(fake.Requests, r => r.PathAndQuery.Contains("notifications", StringComparison.Ordinal));
        Assert.All(fake.Requests, r => Assert.Equal("", r.Authorization));
    }

    [Fact]
    public async Task The_instances_token_is_sent_and_adds_the_mentions()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        fake.Token = Token;
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock, settings: ("Connectors:Mastodon:Instances:0:Token", Token));

        var steps = await MastodonConnector.PassAsync(MastodonConnector.Reader(services), MastodonConnector.Linked(scenario.AliceId), scenario.Since);

        Assert.Equal(
            scenario.Expected.Where(e => e.Type == InteractionType.Mention).Select(e => e.Actor),
            steps.SelectMany(s => s.Page.Interactions).Where(i => i.Type == InteractionType.Mention).Select(i => i.ActorId));
        Assert.All(fake.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
    }

    [Fact]
    public async Task Reading_a_position_again_finds_the_same_interactions_with_the_same_event_ids_and_the_same_next_position()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        fake.PageSize = 2;
        fake.Token = Token;
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock, Token);
        var reader = MastodonConnector.Reader(services);
        var account = MastodonConnector.Linked(scenario.AliceId);

        var steps = await MastodonConnector.PassAsync(reader, account, scenario.Since);

        foreach (var (from, page) in steps)
        {
            var again = await reader.ReadAsync(account, from, scenario.Since, Ct);
            Assert.Equal(page.Interactions, again.Interactions);
            Assert.Equal(page.Next, again.Next);
        }

        Assert.True(steps.Count > 10, $"{steps.Count} steps");
    }

    [Fact]
    public async Task A_used_up_rate_limit_window_is_waited_out_on_the_clock_until_its_reset()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock, settings: [("Connectors:MaxWait", "00:05:00"), ("Connectors:RequestTimeout", "00:05:00")]);
        var reader = MastodonConnector.Reader(services);
        var account = MastodonConnector.Linked(scenario.AliceId);
        fake.FailOn(1, new FakeFault(FakeFaultKind.WindowUsedUp, TimeSpan.FromSeconds(90)));

        var first = await reader.ReadAsync(account, null, scenario.Since, Ct);
        var (second, wall) = await MastodonConnector.DriveAsync(reader.ReadAsync(account, first.Next, scenario.Since, Ct), clock);

        Assert.NotNull(second.Next);
        var requests = fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.InRange(requests[1].At - requests[0].At, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(92));
        Assert.True(wall < TimeSpan.FromSeconds(30), $"waited {wall} of wall-clock time");
    }

    [Fact]
    public async Task Waiting_for_a_rate_limit_window_does_not_count_against_the_request_timeout()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock, settings: [("Connectors:MaxWait", "00:05:00"), ("Connectors:RequestTimeout", "00:01:00"), ("Connectors:MaxRetries", "0")]);
        var reader = MastodonConnector.Reader(services);
        var account = MastodonConnector.Linked(scenario.AliceId);
        fake.FailOn(1, new FakeFault(FakeFaultKind.WindowUsedUp, TimeSpan.FromSeconds(150)));

        var first = await reader.ReadAsync(account, null, scenario.Since, Ct);
        var (second, _) = await MastodonConnector.DriveAsync(reader.ReadAsync(account, first.Next, scenario.Since, Ct), clock);

        Assert.NotNull(second.Next);
        var requests = fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(150), "the second request waited for the window's reset");
    }

    [Theory]
    [InlineData(FakeFaultKind.TooManyRequests)]
    [InlineData(FakeFaultKind.TooManyRequestsUntilDate)]
    public async Task A_429_is_retried_after_its_Retry_After_on_the_clock(FakeFaultKind kind)
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock, settings: [("Connectors:MaxWait", "00:05:00"), ("Connectors:RequestTimeout", "00:05:00")]);
        var reader = MastodonConnector.Reader(services);
        var account = MastodonConnector.Linked(scenario.AliceId);
        var clean = await reader.ReadAsync(account, null, scenario.Since, Ct);
        fake.FailNext(new FakeFault(kind, TimeSpan.FromSeconds(120)));

        var (retried, wall) = await MastodonConnector.DriveAsync(reader.ReadAsync(account, null, scenario.Since, Ct), clock);

        Assert.Equal(clean, retried with { Interactions = clean.Interactions });
        var requests = fake.Requests;
        Assert.Equal(3, requests.Count);
        Assert.InRange(requests[2].At - requests[1].At, TimeSpan.FromSeconds(119), TimeSpan.FromSeconds(122));
        Assert.True(wall < TimeSpan.FromSeconds(30), $"waited {wall} of wall-clock time");
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_MaxWait_is_not_waited_but_reported()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock, settings: ("Connectors:MaxWait", "00:00:30"));
        fake.FailNext(new FakeFault(FakeFaultKind.TooManyRequests, TimeSpan.FromHours(1)));

        var limited = await Assert.ThrowsAsync<RateLimitedException>(() => MastodonConnector.Reader(services).ReadAsync(MastodonConnector.Linked(scenario.AliceId), null, scenario.Since, Ct));

        Assert.Equal(clock.GetUtcNow().AddHours(1), limited.Until);
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task A_server_error_once_is_retried_and_the_step_finds_what_it_would_have()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock);
        var reader = MastodonConnector.Reader(services);
        var account = MastodonConnector.Linked(scenario.AliceId);
        var clean = await MastodonConnector.PassAsync(reader, account, scenario.Since);
        var cleanRequests = fake.RequestCount;
        fake.FailOn(cleanRequests + 3, new FakeFault(FakeFaultKind.ServerError));

        var retried = await MastodonConnector.PassAsync(reader, account, scenario.Since);

        Assert.Equal(clean.SelectMany(s => s.Page.Interactions), retried.SelectMany(s => s.Page.Interactions));
        Assert.Equal(cleanRequests + 1, fake.RequestCount - cleanRequests);
    }

    [Theory]
    [InlineData(FakeFaultKind.Malformed, 1)]
    [InlineData(FakeFaultKind.Truncated, 2)]
    [InlineData(FakeFaultKind.WrongShape, 3)]
    [InlineData(FakeFaultKind.Truncated, 4)]
    public async Task An_answer_that_is_not_the_APIs_shape_is_a_ConnectorDataException_naming_the_address(FakeFaultKind kind, int step)
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock);
        var reader = MastodonConnector.Reader(services);
        var account = MastodonConnector.Linked(scenario.AliceId);
        string? position = null;
        for (var i = 1; i < step; i++)
        {
            position = (await reader.ReadAsync(account, position, scenario.Since, Ct)).Next;
        }

        fake.FailNext(new FakeFault(kind));
        var failed = await Assert.ThrowsAsync<ConnectorDataException>(() => reader.ReadAsync(account, position, scenario.Since, Ct));

        var asked = fake.Requests[^1];
        Assert.Contains(new Uri(fake.BaseUrl, asked.PathAndQuery).ToString(), failed.Message, StringComparison.Ordinal);
        Assert.Contains("not the Mastodon API's", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_the_instance_does_not_have_ends_its_pass_at_once_and_a_lookup_finds_nothing()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        await using var services = MastodonConnector.Services(fake, clock);
        var reader = MastodonConnector.Reader(services);

        var page = await reader.ReadAsync(MastodonConnector.Linked("nobody@example.social"), null, clock.GetUtcNow().AddDays(-7), Ct);

        Assert.Equal(new AccountPage([], null), page with { Interactions = [] });
        Assert.Empty(page.Interactions);
        Assert.Null(await reader.LookUpAsync("nobody@example.social", Ct));
    }

    [Fact]
    public async Task A_look_up_finds_the_accounts_id_figures_and_the_texts_of_its_bio_fields_and_latest_posts()
    {
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock);
        var scenario = new AliceScenario(fake, clock.GetUtcNow());
        await using var services = MastodonConnector.Services(fake, clock);
        var reader = MastodonConnector.Reader(services);

        var found = await reader.LookUpAsync("alice@example.social", Ct);

        Assert.NotNull(found);
        Assert.Equal(("mastodon", scenario.AliceId, scenario.AliceId), (found.Network, found.AccountId, found.Handle));
        Assert.Equal(new AudienceFigures(120, 30, 9), found.Figures);
        Assert.Contains("I write about rivers & lakes.", found.Texts);
        Assert.Contains("alice.example", found.Texts);
        Assert.Contains("first", found.Texts);
        Assert.Equal(2, fake.RequestCount);
        Assert.True(reader.Serves("alice@example.social"));
        Assert.False(reader.Serves("alice@other.social"));
        Assert.Equal("mastodon@example.social", reader.SourceName);
    }
}
