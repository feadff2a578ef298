using System.Diagnostics;
using Sway.Connectors;
using Sway.Domain;

namespace Sway.Tests.Connectors.Bluesky;

/// <summary>
/// The Bluesky reader against a loopback AppView: a pass reads every reaction to the recent posts, one request per
/// step, page by page to each list's end; re-reading a position gives the same interactions; rate limits and
/// <c>Retry-After</c> are waited out on the injected clock; damaged answers are refused naming the URL.
/// </summary>
public sealed class BlueskyReaderTests
{
    private static readonly TimeSpan WallLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pass_reads_every_reaction_to_every_recent_post_following_each_cursor_to_its_end()
    {
        await using var rig = await BlueskyRig.StartAsync(("Connectors:Bluesky:PageSize", "2"));
        var scenario = BlueskyScenario.Add(rig.Fake);

        var steps = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);

        var read = steps.SelectMany(s => s.Page.Interactions).ToList();
        Assert.Equal(scenario.Expected.OrderBy(i => i.EventId, StringComparer.Ordinal), read.OrderBy(i => i.EventId, StringComparer.Ordinal));
        Assert.Equal(read.Count, read.Select(i => i.EventId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(steps.Count, rig.Fake.Requests.Count);
        Assert.Equal(new AudienceFigures(120, 40, 4), steps[0].Page.Figures);
        Assert.All(steps.Skip(1), s => Assert.Null(s.Page.Figures));
        // 5 likes in pages of 2: 3 pages per post; 3 reposts and 3 quotes: 2 pages each; the author feed (5 items, 2 a page) to its end.
        Assert.Equal(9, rig.Fake.Count("app.bsky.feed.getLikes"));
        Assert.Equal(6, rig.Fake.Count("app.bsky.feed.getRepostedBy"));
        Assert.Equal(6, rig.Fake.Count("app.bsky.feed.getQuotes"));
        Assert.Equal(3, rig.Fake.Count("app.bsky.feed.getPostThread"));
        Assert.Equal(3, rig.Fake.Count("app.bsky.feed.getAuthorFeed"));
        Assert.DoesNotContain(rig.Fake.Requests, r => r.Query.Contains("fan-of-bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Re_reading_any_position_returns_the_same_interactions_and_the_same_next_position()
    {
        await using var rig = await BlueskyRig.StartAsync(("Connectors:Bluesky:PageSize", "2"));
        var scenario = BlueskyScenario.Add(rig.Fake, posts: 2);
        var steps = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);

        foreach (var (position, page) in steps)
        {
            var again = await rig.ReadAsync(scenario.Account, position, BlueskyScenario.Since);
            Assert.Equal(page.Interactions, again.Interactions);
            Assert.Equal(page.Next, again.Next);
        }
    }

    [Fact]
    public async Task Rate_limit_headers_make_the_next_request_wait_on_the_clock_until_the_window_resets()
    {
        await using var rig = await BlueskyRig.StartAsync(("Connectors:MaxWait", "00:05:00"));
        var scenario = BlueskyScenario.Add(rig.Fake, posts: 1);
        rig.Fake.Fail("app.bsky.feed.getAuthorFeed", BlueskyFault.WindowUsedUp(TimeSpan.FromSeconds(90)));
        var wall = Stopwatch.StartNew();

        var steps = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);

        var requests = rig.Fake.Requests;
        var feed = requests.Single(r => r.Method == "app.bsky.feed.getAuthorFeed");
        var after = requests[requests.ToList().IndexOf(feed) + 1];
        Assert.True(after.At >= feed.At + TimeSpan.FromSeconds(90), $"The next request went out at {after.At:O}, before the window reset at {feed.At.AddSeconds(90):O}.");
        Assert.True(wall.Elapsed < WallLimit, $"The wait took {wall.Elapsed} of wall time.");
        Assert.Equal(scenario.Expected.Count, steps.Sum(s => s.Page.Interactions.Count));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_429_is_retried_after_its_Retry_After_in_seconds_or_as_a_date_on_the_clock(bool asDate)
    {
        await using var rig = await BlueskyRig.StartAsync(("Connectors:MaxWait", "00:05:00"));
        var scenario = BlueskyScenario.Add(rig.Fake, posts: 1);
        var wait = TimeSpan.FromSeconds(120);
        rig.Fake.Fail("app.bsky.feed.getLikes", asDate ? BlueskyFault.RetryAfterDate(wait) : BlueskyFault.RetryAfterSeconds(wait));
        var wall = Stopwatch.StartNew();

        var steps = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);

        var likes = rig.Fake.Requests.Where(r => r.Method == "app.bsky.feed.getLikes").ToList();
        Assert.Equal(2, likes.Count);
        Assert.Equal(likes[0].Query, likes[1].Query);
        Assert.True(likes[1].At >= likes[0].At + wait, $"Retried at {likes[1].At:O}, {likes[1].At - likes[0].At} after the 429 that asked for {wait}.");
        Assert.True(wall.Elapsed < WallLimit, $"The wait took {wall.Elapsed} of wall time.");
        Assert.Equal(scenario.Expected.Count, steps.Sum(s => s.Page.Interactions.Count));
        Assert.Equal(steps.Count + 1, rig.Fake.Requests.Count);
    }

    [Fact]
    public async Task A_5xx_answer_is_retried_and_the_step_returns_what_a_clean_step_returns()
    {
        await using var rig = await BlueskyRig.StartAsync(("Connectors:Bluesky:PageSize", "2"));
        var scenario = BlueskyScenario.Add(rig.Fake, posts: 1);
        var clean = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);
        rig.Fake.Fail("app.bsky.feed.getRepostedBy", BlueskyFault.ServerError);

        var retried = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);

        Assert.Equal(clean.Select(s => (s.Position, s.Page.Next, s.Page.Interactions.Count)), retried.Select(s => (s.Position, s.Page.Next, s.Page.Interactions.Count)));
        Assert.Equal(2 * clean.Count + 1, rig.Fake.Requests.Count);
    }

    [Fact]
    public async Task A_wait_longer_than_MaxWait_is_not_waited_but_ends_the_step_with_RateLimitedException()
    {
        await using var rig = await BlueskyRig.StartAsync(("Connectors:MaxWait", "00:00:30"));
        var scenario = BlueskyScenario.Add(rig.Fake, posts: 1);
        rig.Fake.Fail("app.bsky.actor.getProfile", BlueskyFault.RetryAfterSeconds(TimeSpan.FromHours(1)));

        var limited = await Assert.ThrowsAsync<RateLimitedException>(() => rig.ReadAsync(scenario.Account, null, BlueskyScenario.Since));

        Assert.Equal(rig.Fake.BaseUrl.Authority, limited.Host);
        Assert.Single(rig.Fake.Requests);
    }

    [Theory]
    [InlineData(BlueskyFaultKind.Malformed)]
    [InlineData(BlueskyFaultKind.Truncated)]
    [InlineData(BlueskyFaultKind.WrongShape)]
    public async Task A_damaged_answer_is_a_ConnectorDataException_naming_the_url(BlueskyFaultKind kind)
    {
        await using var rig = await BlueskyRig.StartAsync();
        var scenario = BlueskyScenario.Add(rig.Fake, posts: 1);
        var steps = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);
        var likesStep = steps.First(s => rig.Fake.Requests[steps.IndexOf(s)].Method == "app.bsky.feed.getLikes");
        rig.Fake.Fail("app.bsky.feed.getLikes", new BlueskyFault(kind));

        var damaged = await Assert.ThrowsAsync<ConnectorDataException>(() => rig.ReadAsync(scenario.Account, likesStep.Position, BlueskyScenario.Since));

        Assert.Contains($"{rig.Fake.BaseUrl}xrpc/app.bsky.feed.getLikes?uri=", damaged.Message, StringComparison.Ordinal);
        var again = await rig.ReadAsync(scenario.Account, likesStep.Position, BlueskyScenario.Since);
        Assert.Equal(likesStep.Page.Interactions, again.Interactions);
    }

    [Fact]
    public async Task A_post_or_account_gone_mid_pass_ends_that_list_or_pass_instead_of_failing_it()
    {
        await using var rig = await BlueskyRig.StartAsync();
        var scenario = BlueskyScenario.Add(rig.Fake, posts: 2);
        rig.Fake.Fail("app.bsky.feed.getLikes", BlueskyFault.Gone);

        var steps = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);
        var profile = await rig.ReadAsync(scenario.Account, null, BlueskyScenario.Since);
        rig.Fake.RemoveAccount(BlueskyScenario.Did);
        var gone = await rig.ReadAsync(scenario.Account, profile.Next, BlueskyScenario.Since);

        var firstPost = rig.Fake.Requests.First(r => r.Method == "app.bsky.feed.getLikes").Query;
        var read = steps.SelectMany(s => s.Page.Interactions).ToList();
        Assert.Equal(scenario.Expected.Count - 5, read.Count);
        Assert.DoesNotContain(read, i => i.Type == InteractionType.Like && firstPost.Contains(Uri.EscapeDataString(i.PostId!), StringComparison.Ordinal));
        Assert.Empty(gone.Interactions);
        Assert.Null(gone.Next);
    }

    [Fact]
    public async Task A_changed_handle_keeps_the_same_account_found_by_its_DID()
    {
        await using var rig = await BlueskyRig.StartAsync();
        var scenario = BlueskyScenario.Add(rig.Fake, posts: 1);
        var before = await rig.Reader.LookUpAsync(BlueskyScenario.Handle, TestContext.Current.CancellationToken);

        rig.Fake.Rename(BlueskyScenario.Did, "alice.rivers.example");
        var after = await rig.Reader.LookUpAsync("alice.rivers.example", TestContext.Current.CancellationToken);
        var old = await rig.Reader.LookUpAsync(BlueskyScenario.Handle, TestContext.Current.CancellationToken);
        var steps = await rig.ReadPassAsync(scenario.Account, BlueskyScenario.Since);

        Assert.Equal(BlueskyScenario.Did, before!.AccountId);
        Assert.Equal(new LinkedAccount("bluesky", BlueskyScenario.Did, "alice.rivers.example"), after!.ToLinkedAccount());
        Assert.Null(old);
        Assert.Equal(scenario.Expected.Count, steps.Sum(s => s.Page.Interactions.Count));
        Assert.All(steps.SelectMany(s => s.Page.Interactions), i => Assert.Equal(BlueskyScenario.Did, i.TargetId));
    }

    [Fact]
    public async Task A_lookup_gives_the_description_and_the_latest_post_texts_and_null_for_an_unknown_handle()
    {
        await using var rig = await BlueskyRig.StartAsync();
        BlueskyScenario.Add(rig.Fake, posts: 2);

        var found = await rig.Reader.LookUpAsync(BlueskyScenario.Handle, TestContext.Current.CancellationToken);
        var missing = await rig.Reader.LookUpAsync("nobody.example.com", TestContext.Current.CancellationToken);

        Assert.NotNull(found);
        Assert.Equal(["I write about rivers.", "post 0", "post 1", "an old post"], found.Texts);
        Assert.Equal(new AudienceFigures(120, 40, 3), found.Figures);
        Assert.Null(missing);
    }

    [Fact]
    public async Task The_reader_serves_DIDs_and_Bluesky_handles_only()
    {
        await using var rig = await BlueskyRig.StartAsync();

        Assert.True(rig.Reader.Serves("did:plc:alice"));
        Assert.True(rig.Reader.Serves("did:web:example.com"));
        Assert.True(rig.Reader.Serves("alice.example.com"));
        Assert.False(rig.Reader.Serves("alice@example.social"));
        Assert.Equal("bluesky", rig.Reader.SourceName);
        Assert.Equal(TimeSpan.FromDays(7), rig.Reader.ReReadWindow);
    }
}
