using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sway.Connectors;
using Sway.Connectors.Mastodon;
using Sway.Domain;

namespace Sway.Tests.Connectors.Mastodon;

/// <summary>
/// The reader against real answers of a real Mastodon server (<c>mastodon-api-fixtures</c> in the shared data: the
/// Mastodon.py test suite's recorded cassettes), served as recorded through the loopback fake: it reads every account
/// and every reaction they hold. The expected counts are taken from the JSON here, independently of the reader.
/// Skipped, saying which setting to set, where the shared data is absent.
/// </summary>
public sealed class MastodonConformanceTests
{
    private const string Domain = "fixtures.example";
    private const string Account = "117020565966271181";
    private static readonly DateTimeOffset Since = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pass_over_the_recorded_statuses_finds_every_reaction_in_the_recorded_lists_and_the_accounts_figures()
    {
        var recorded = Recorded();
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock, Domain);
        var page1 = recorded("test_fetch_next_previous__11.json");
        var page2 = recorded("test_fetch_next_previous__12.json");
        var account = page1.Body[0]!["account"]!;
        fake.Serve("/api/v1/accounts/lookup?acct=mastodonpy_test", account.ToJsonString());
        fake.Serve("/api/v1/accounts/117020565966271181/statuses", page1.Body.ToJsonString(), page1.Link);
        fake.Serve("/api/v1/accounts/117020565966271181/statuses?max_id=117020580489281910", page2.Body.ToJsonString(), page2.Link);

        // The page after the recorded two: the statuses the recorded reaction lists are about, as the server answered
        // them last (a status with its favourite, alice's reblog of her own status and that status with its reblog).
        var page3 = new JsonArray(
            recorded("test_status_favourited_by__01.json").Body.DeepClone(),
            recorded("test_status_reblogged_by__04.json").Body.DeepClone(),
            recorded("test_status_reblogged_by__04.json").Body["reblog"]!.DeepClone(),
            recorded("test_status_context__00.json").Body.DeepClone(),
            recorded("test_status_quotes__00.json").Body.DeepClone());
        fake.Serve("/api/v1/accounts/117020565966271181/statuses?max_id=117020580452511285", page3.ToJsonString());
        var lists = new Dictionary<string, Fixture>(StringComparer.Ordinal);
        foreach (var name in new[] { "test_status_favourited_by__02.json", "test_status_reblogged_by__05.json", "test_status_context__01.json", "test_status_quotes__01.json" })
        {
            var list = recorded(name);
            fake.Serve(list.Path, list.Body.ToJsonString(), list.Link);
            lists[list.Path] = list;
        }

        await using var services = MastodonConnector.Services(fake, clock);
        var steps = await MastodonConnector.PassAsync(MastodonConnector.Reader(services), MastodonConnector.Linked($"mastodonpy_test@{Domain}"), Since);
        var found = steps.SelectMany(s => s.Page.Interactions).ToList();

        // Independently: what the served JSON holds for the account's own statuses whose counts name a list.
        var statuses = page1.Body.AsArray().Concat(page2.Body.AsArray()).Concat(page3).Select(s => s!).Where(s => s["reblog"] is null).ToList();
        var likes = statuses.Where(s => (long)s["favourites_count"]! > 0).Sum(s => lists[$"/api/v1/statuses/{s["id"]}/favourited_by"].Body.AsArray().Count);
        var reblogs = statuses.Where(s => (long)s["reblogs_count"]! > 0).Sum(s => lists[$"/api/v1/statuses/{s["id"]}/reblogged_by"].Body.AsArray().Count);
        var replies = statuses.Where(s => (long)s["replies_count"]! > 0)
            .Sum(s => lists[$"/api/v1/statuses/{s["id"]}/context"].Body["descendants"]!.AsArray().Count(d => (string?)d!["in_reply_to_account_id"] == Account));
        var quotes = statuses.Where(s => (long?)s["quotes_count"] > 0).Sum(s => lists[$"/api/v1/statuses/{s["id"]}/quotes"].Body.AsArray().Count);

        Assert.Equal(new AudienceFigures((long)account["followers_count"]!, (long)account["following_count"]!, (long)account["statuses_count"]!), steps[0].Page.Figures);
        Assert.Equal(1, likes);
        Assert.Equal(likes, found.Count(i => i.Type == InteractionType.Like));
        Assert.Equal(reblogs, found.Count(i => i.Type == InteractionType.Repost));
        Assert.Equal(replies, found.Count(i => i.Type == InteractionType.Reply));
        Assert.Equal(quotes, found.Count(i => i.Type == InteractionType.Quote));
        Assert.Equal($"mastodonpy_test@{Domain}", Assert.Single(found).ActorId);
        Assert.Equal(3 + 1 + statuses.Sum(s => (s["favourites_count"]!.GetValue<long>() > 0 ? 1 : 0) + (s["reblogs_count"]!.GetValue<long>() > 0 ? 1 : 0)), fake.RequestCount);
    }

    [Theory]
    [InlineData("test_status_favourited_by__02.json", 'f', Account)]
    [InlineData("test_status_reblogged_by__02.json", 'r', "117020566092212359")]
    [InlineData("test_status_reblogged_by__05.json", 'r', Account)]
    [InlineData("test_status_context__01.json", 'c', Account)]
    [InlineData("test_status_quotes__01.json", 'q', Account)]
    public async Task Every_recorded_reaction_list_is_read_as_one_interaction_per_reaction_it_holds(string file, char list, string owner)
    {
        var recorded = Recorded()(file);
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock, Domain);
        fake.Serve(recorded.Path, recorded.Body.ToJsonString(), recorded.Link);
        await using var services = MastodonConnector.Services(fake, clock);
        var status = recorded.Path.Split('/')[4];
        var position = new MastodonPosition(owner, Statuses: null, [new MastodonPost(status, Since, list.ToString())], List: null, Mentions: null);

        var page = await MastodonConnector.Reader(services).ReadAsync(MastodonConnector.Linked($"owner@{Domain}"), position.ToJson(), Since, Ct);

        var reactors = list == 'c'
            ? recorded.Body["descendants"]!.AsArray().Where(d => (string?)d!["in_reply_to_account_id"] == owner).Select(d => d!["account"]!)
            : list == 'q' ? recorded.Body.AsArray().Select(q => q!["account"]!) : recorded.Body.AsArray().Select(a => a!);
        Assert.Equal(reactors.Select(a => ActorId((string)a["acct"]!)), page.Interactions.Select(i => i.ActorId));
        Assert.Null(page.Next);
        Assert.Equal(1, fake.RequestCount);
    }

    [Theory]
    [InlineData("test_notifications_mentions_only__01.json")]
    [InlineData("test_notifications__01.json")]
    [InlineData("test_notifications_exclude_and_types__03.json")]
    [InlineData("test_notifications_types__02.json")]
    public async Task Every_recorded_mention_of_the_account_is_read_from_its_notifications(string file)
    {
        var recorded = Recorded()(file);
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock, Domain);
        fake.Serve(recorded.Path, recorded.Body.ToJsonString(), recorded.Link);
        await using var services = MastodonConnector.Services(fake, clock, token: "recorded");
        var notifications = recorded.Body.AsArray().Select(n => n!).ToList();
        var mentioned = notifications.SelectMany(n => n["status"]?["mentions"]?.AsArray() ?? []).Select(m => (string)m!["id"]!).First();
        var position = new MastodonPosition(mentioned, Statuses: null, [], List: null, Mentions: "types%5B%5D=mention");

        var page = await MastodonConnector.Reader(services).ReadAsync(MastodonConnector.Linked($"owner@{Domain}"), position.ToJson(), Since, Ct);

        var mentions = notifications
            .Where(n => (string)n["type"]! == "mention" && n["status"] is { } s && (string?)s["in_reply_to_account_id"] != mentioned
                && s["mentions"]!.AsArray().Any(m => (string)m!["id"]! == mentioned))
            .ToList();
        Assert.NotEmpty(mentions);
        Assert.Equal(mentions.Select(n => ActorId((string)n["account"]!["acct"]!)), page.Interactions.Select(i => i.ActorId));
        Assert.All(page.Interactions, i => Assert.Equal(InteractionType.Mention, i.Type));
        Assert.Equal(recorded.Link is null || !recorded.Link.Contains("rel=\"next\"", StringComparison.Ordinal), page.Next is null);
    }

    [Fact]
    public async Task A_look_up_of_a_recorded_account_reads_its_id_figures_bio_fields_and_latest_posts()
    {
        var recorded = Recorded();
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock, Domain);
        var statuses = recorded("test_fetch_next_previous__11.json");
        var account = statuses.Body[0]!["account"]!;
        fake.Serve("/api/v1/accounts/lookup?acct=mastodonpy_test", account.ToJsonString());
        fake.Serve("/api/v1/accounts/117020565966271181/statuses", statuses.Body.ToJsonString(), statuses.Link);
        await using var services = MastodonConnector.Services(fake, clock);

        var found = await MastodonConnector.Reader(services).LookUpAsync($"mastodonpy_test@{Domain}", Ct);

        Assert.NotNull(found);
        Assert.Equal($"mastodonpy_test@{Domain}", found.AccountId);
        Assert.Equal(new AudienceFigures((long)account["followers_count"]!, (long)account["following_count"]!, (long)account["statuses_count"]!), found.Figures);
        var fields = account["fields"]!.AsArray().Count;
        Assert.Equal(1 + (2 * fields) + statuses.Body.AsArray().Count, found.Texts.Count);
        Assert.Contains("I walk funny", found.Texts);
        Assert.Contains("toasty.", found.Texts);
        Assert.Contains("Toot number 9!", found.Texts);
    }

    [Fact]
    public async Task A_look_up_answered_by_a_recorded_accounts_id_answer_reads_its_id_and_figures()
    {
        var recorded = Recorded()("test_account__01.json");
        var clock = new FakeTimeProvider(SwayTestHost.Start);
        await using var fake = await MastodonFake.StartAsync(clock, Domain);
        fake.Serve("/api/v1/accounts/lookup?acct=mastodonpy_test", recorded.Body.ToJsonString());
        await using var services = MastodonConnector.Services(fake, clock);

        var found = await MastodonConnector.Reader(services).LookUpAsync($"mastodonpy_test@{Domain}", Ct);

        Assert.NotNull(found);
        Assert.Equal(ActorId((string)recorded.Body["acct"]!), found.AccountId);
        Assert.Equal(new AudienceFigures((long)recorded.Body["followers_count"]!, (long)recorded.Body["following_count"]!, (long)recorded.Body["statuses_count"]!), found.Figures);
        Assert.Equal(recorded.Body["note"]!.GetValue<string>().Length > 0 ? 1 : 0, found.Texts.Count - (2 * recorded.Body["fields"]!.AsArray().Count));
        Assert.Equal($"/api/v1/accounts/{recorded.Body["id"]}/statuses?limit=20&exclude_reblogs=true", fake.Requests[1].PathAndQuery);
    }

    private static string ActorId(string acct) => acct.Contains('@', StringComparison.Ordinal) ? acct : $"{acct}@{Domain}";

    /// <summary>The recorded interactions, by file name; skips the test, naming the setting, where the shared data is absent.</summary>
    private static Func<string, Fixture> Recorded()
    {
        var index = SharedData.Require(Path.Combine("mastodon-api-fixtures", "INDEX.tsv"));
        var folder = Path.Combine(Path.GetDirectoryName(index)!, "extracted");
        return name =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, name)));
            var root = document.RootElement;
            var uri = new Uri(root.GetProperty("uri").GetString()!);
            var link = root.GetProperty("link_header") is { ValueKind: JsonValueKind.Array } links ? string.Join(", ", links.EnumerateArray().Select(l => l.GetString())) : null;
            return new Fixture(uri.AbsolutePath + uri.Query, JsonNode.Parse(root.GetProperty("body").GetRawText())!, link);
        };
    }

    /// <summary>One recorded answer: the path and query it answered, its body and its <c>Link</c> header.</summary>
    private sealed record Fixture(string Path, JsonNode Body, string? Link);
}
