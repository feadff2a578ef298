using System.Net;
using System.Text.Json;
using Sway.Api;
using Sway.Domain;
using Sway.Storage;

namespace Sway.Tests.Api;

/// <summary>The HTTP score lookup: clear 400s for bad input, 404s for what Sway does not know, nothing stored by either.</summary>
public sealed class ScoreApiTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> HostileHandles => new()
    {
        "a/b",
        "a\\b",
        "a#b",
        "a?b",
        "a\u0001b",
        "a\u007fb",
        "tab\there",
        "with space",
        "%2e%2e",
        "'; DROP TABLE Scores; --",
        "PartitionKey eq 'x' or true",
        new string('a', 2000),
    };

    [Theory]
    [MemberData(nameof(HostileHandles))]
    public async Task A_malformed_handle_is_a_400_problem_and_nothing_is_stored(string handle)
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var response = await host.Http.GetAsync(new Uri($"/api/scores/demo/{Uri.EscapeDataString(handle)}", UriKind.Relative), Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task A_handle_with_a_raw_slash_in_the_path_is_a_400_not_a_missing_route()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var response = await host.Http.GetAsync(new Uri("/api/scores/demo/a/b", UriKind.Relative), Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/scores/demo/")]
    [InlineData("/api/scores/demo")]
    public async Task An_empty_handle_in_the_catch_all_route_is_a_400_problem_from_the_shared_handler(string path)
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var response = await host.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The handle is empty.", problem.GetProperty("detail").GetString());
        await AssertNothingStoredAsync(host);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task The_shared_lookup_handler_answers_a_missing_or_empty_handle_with_a_400_problem(string? handle)
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var result = await Sway.Http.ScoreEndpoints.ByHandleAsync("demo", handle, host.Get<ScoreLookup>(), Ct);

        var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result.Result);
        Assert.Equal((400, "The handle is empty."), (problem.StatusCode, problem.ProblemDetails.Detail));
    }

    [Theory]
    [InlineData("myspace")]
    [InlineData("DEMO'")]
    public async Task An_unknown_network_is_a_400_problem_naming_the_known_ones(string network)
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var response = await host.Http.GetAsync(new Uri($"/api/scores/{network}/alice", UriKind.Relative), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("mastodon", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(host);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("under_score")]
    [InlineData("a%2Fb")]
    [InlineData("x%3Fy")]
    public async Task A_malformed_profile_id_is_a_400_problem(string id)
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var response = await host.Http.GetAsync(new Uri($"/api/profiles/{id}/score", UriKind.Relative), Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var response = await host.Http.GetAsync(new Uri("/api/scores", UriKind.Relative), Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_handle_nobody_linked_is_a_404_problem()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var response = await host.Http.GetAsync(new Uri("/api/scores/mastodon/alice@example.social", UriKind.Relative), Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_profile_not_scored_yet_is_a_404_problem_that_says_so()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        await host.LinkAsync("linked-alice", [new LinkedAccount("mastodon", "109", "alice@example.social")]);

        var response = await host.Http.GetAsync(new Uri("/api/scores/mastodon/@Alice@Example.Social", UriKind.Relative), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("not been scored yet", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scored_profile_answers_by_handle_and_by_id_with_the_same_body()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var profile = await host.LinkAsync(
            "linked-bob",
            [new LinkedAccount("bluesky", "did:plc:bob", "bob.bsky.social")],
            new Interaction("e1", "bluesky", "did:plc:carol", "did:plc:bob", InteractionType.Reply, "post-1", host.Clock.GetUtcNow().AddHours(-1)));
        await host.Get<Scoring.ProfileScorer>().ScoreAsync(profile.Id, nightly: false, Ct);

        var byHandle = await host.Http.GetStringAsync(new Uri("/api/scores/bluesky/bob.bsky.social", UriKind.Relative), Ct);
        var byId = await host.Http.GetStringAsync(new Uri("/api/profiles/linked-bob/score", UriKind.Relative), Ct);

        Assert.Equal(byHandle, byId);
        var view = JsonSerializer.Deserialize<ScoreView>(byId, SwayJson.Options)!;
        Assert.True(view.Score > 1);
        Assert.Equal("did:plc:carol", Assert.Single(view.Explanation.Amplifiers).AccountId);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(Problem.ContentType, response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        return body;
    }

    private static async Task AssertNothingStoredAsync(SwayTestHost host)
    {
        foreach (var table in StorageNames.Tables)
        {
            Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.Table(table)));
        }
    }
}
