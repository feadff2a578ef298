using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sway.Connectors;
using Sway.Ingestion;
using Sway.Storage;
using Sway.Tests.Linking;

namespace Sway.Tests.Connectors.Mastodon;

/// <summary>
/// The Mastodon connector in a host, from its settings: each configured instance is an activity source and an account
/// reader, a bad setting stops the host at start-up naming it, and a person links an account by placing the code in
/// its bio, a profile field or a post, which the reader finds through the instance's API.
/// </summary>
public sealed class MastodonLinkingTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("note")]
    [InlineData("field")]
    [InlineData("post")]
    public async Task A_code_placed_in_the_bio_a_profile_field_or_a_post_links_the_account(string where)
    {
        await using var fake = await MastodonFake.StartAsync(new FakeTimeProvider(SwayTestHost.Start));
        var alice = fake.AddAccount("alice", note: "<p>Rivers.</p>", fields: [("site", "alice.example")]);
        await using var host = await SwayTestHost.StartAsync(azurite, [.. MastodonConnector.Settings(fake), ("Api:Key", LinkingTests.Key)]);

        var challenge = await LinkingTests.CreateAsync(host, "alice@example.social", "mastodon");
        var early = await LinkingTests.VerifyAsync(host, challenge.ProfileId, "alice@example.social", "mastodon");
        switch (where)
        {
            case "note":
                alice.Note = $"<p>Rivers. <span>{challenge.Code}</span></p>";
                break;
            case "field":
                alice.Fields.Add(("sway", $"<span>{challenge.Code}</span>"));
                break;
            default:
                fake.AddStatus(alice, SwayTestHost.Start, $"Linking my Sway profile: {challenge.Code}");
                break;
        }

        var proven = await LinkingTests.VerifyAsync(host, challenge.ProfileId, "alice@example.social", "mastodon");

        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proven.StatusCode);
        Assert.Equal(challenge.ProfileId, await host.Get<ProfileStore>().FindByHandleAsync("mastodon", "alice@example.social", Ct));
        Assert.Contains(fake.Requests, r => r.PathAndQuery == "/api/v1/accounts/lookup?acct=alice");
    }

    [Fact]
    public async Task Each_configured_instance_is_an_activity_source_and_an_account_reader_of_its_domain()
    {
        await using var host = await SwayTestHost.StartAsync(
            azurite,
            ("Connectors:Mastodon:Instances:0:Domain", "example.social"),
            ("Connectors:Mastodon:Instances:0:BaseUrl", "http://127.0.0.1:9/"),
            ("Connectors:Mastodon:Instances:1:Domain", "other.social"),
            ("Privacy:PseudonymKey", MastodonConnector.PseudonymKey));

        var sources = host.Services.GetServices<IActivitySource>().Select(s => s.Name).ToList();
        var readers = host.Services.GetServices<IAccountReader>().ToList();

        Assert.Contains("mastodon@example.social", sources);
        Assert.Contains("mastodon@other.social", sources);
        Assert.Equal(["mastodon@example.social", "mastodon@other.social"], readers.Select(r => r.SourceName));
        Assert.True(readers[0].Serves("alice@example.social"));
        Assert.False(readers[0].Serves("alice@other.social"));
        Assert.True(readers[1].Serves("alice@other.social"));
        Assert.Equal(TimeSpan.FromDays(7), readers[0].ReReadWindow);
    }

    [Fact]
    public async Task The_re_read_window_is_a_setting()
    {
        await using var host = await SwayTestHost.StartAsync(
            azurite,
            ("Connectors:Mastodon:Instances:0:Domain", "example.social"),
            ("Connectors:Mastodon:ReReadWindow", "3.00:00:00"),
            ("Privacy:PseudonymKey", MastodonConnector.PseudonymKey));

        Assert.Equal(TimeSpan.FromDays(3), Assert.Single(host.Services.GetServices<IAccountReader>()).ReReadWindow);
    }

    [Fact]
    public async Task Without_instances_there_is_no_Mastodon_source()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        Assert.DoesNotContain(host.Services.GetServices<IActivitySource>(), s => s.Network.Name == "mastodon");
        Assert.DoesNotContain(host.Services.GetServices<IAccountReader>(), r => r.Network.Name == "mastodon");
    }

    [Theory]
    [InlineData("Example Social", null, null, "Domain 'Example Social'")]
    [InlineData("example.social", "ftp://example.social", null, "BaseUrl 'ftp://example.social'")]
    [InlineData("example.social", "not an address", null, "BaseUrl 'not an address'")]
    [InlineData("example.social", null, "example.social", "more than once")]
    [InlineData("", null, null, "Domain ''")]
    public async Task A_bad_instance_setting_stops_the_host_at_start_up_naming_it(string domain, string? baseUrl, string? secondDomain, string named)
    {
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => SwayTestHost.StartAsync(
            azurite,
            ("Connectors:Mastodon:Instances:0:Domain", domain),
            ("Connectors:Mastodon:Instances:0:BaseUrl", baseUrl),
            ("Connectors:Mastodon:Instances:1:Domain", secondDomain),
            ("Privacy:PseudonymKey", MastodonConnector.PseudonymKey)));

        Assert.Contains("Connectors:Mastodon:Instances", failed.Message, StringComparison.Ordinal);
        Assert.Contains(named, failed.Message, StringComparison.Ordinal);
    }
}
