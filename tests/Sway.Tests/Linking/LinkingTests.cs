using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sway.Connectors;
using Sway.Domain;
using Sway.Ingestion;
using Sway.Linking;
using Sway.Storage;

namespace Sway.Tests.Linking;

/// <summary>
/// Linking with proof of control, over HTTP on the local host and Azurite: a link is active only once its one-time
/// code is found on the account; a wrong, expired, spent or reused code is refused; unlinking stops the account's
/// reactions from counting at the next scoring.
/// </summary>
public sealed class LinkingTests(AzuriteFixture azurite)
{
    internal const string Key = "linking-tests-key-0123456789";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_link_is_active_only_after_its_code_appears_on_the_account()
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add("did:plc:alice", "alice.example.com", "I post about rivers.");
        await using var host = await StartAsync(bluesky);

        var challenge = await CreateAsync(host, "alice.example.com");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync(new Uri("/api/scores/bluesky/alice.example.com", UriKind.Relative), Ct)).StatusCode);
        Assert.Null(await host.Get<ProfileStore>().FindByHandleAsync("bluesky", "alice.example.com", Ct));

        var early = await VerifyAsync(host, challenge.ProfileId, "alice.example.com");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("was not found", await DetailAsync(early), StringComparison.Ordinal);

        bluesky.SetBio("alice.example.com", $"I post about rivers. {challenge.Code}");
        var proven = await VerifyAsync(host, challenge.ProfileId, "alice.example.com");

        Assert.Equal(HttpStatusCode.OK, proven.StatusCode);
        var view = (await proven.Content.ReadFromJsonAsync<ProfileView>(SwayJson.Options, Ct))!;
        Assert.Equal([new LinkedAccount("bluesky", "did:plc:alice", "alice.example.com")], view.Accounts);
        Assert.Empty(view.Pending);
        Assert.Equal(ProfileKind.Personal, view.Kind);
        Assert.Equal(challenge.ProfileId, await host.Get<ProfileStore>().FindByHandleAsync("bluesky", "alice.example.com", Ct));
        Assert.Empty(await TableSnapshot.AllAsync(host.Storage.Links));
    }

    [Fact]
    public async Task The_code_is_stored_only_as_a_hash_and_shown_once()
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add("did:plc:alice", "alice.example.com");
        await using var host = await StartAsync(bluesky);

        var challenge = await CreateAsync(host, "alice.example.com");
        var profile = await SendAsync(host, HttpMethod.Get, $"/api/profiles/{challenge.ProfileId}");

        Assert.StartsWith("sway-", challenge.Code, StringComparison.Ordinal);
        Assert.DoesNotContain(challenge.Code, string.Join("\n", await TableSnapshot.StoredRowsAsync(host.Storage)), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(challenge.Code, await profile.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_each_check_spends_one_until_none_are_left()
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add("did:plc:alice", "alice.example.com");
        await using var host = await StartAsync(bluesky, ("Linking:MaxChecks", "2"));
        var challenge = await CreateAsync(host, "alice.example.com");

        bluesky.SetBio("alice.example.com", "sway-aaaaaaaaaaaa is my code");
        var first = await VerifyAsync(host, challenge.ProfileId, "alice.example.com");
        var second = await VerifyAsync(host, challenge.ProfileId, "alice.example.com");
        bluesky.SetBio("alice.example.com", challenge.Code);
        var third = await VerifyAsync(host, challenge.ProfileId, "alice.example.com");

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Contains("1 checks left", await DetailAsync(first), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Contains("used its 2 checks", await DetailAsync(third), StringComparison.Ordinal);
        Assert.Null(await host.Get<ProfileStore>().FindByHandleAsync("bluesky", "alice.example.com", Ct));
    }

    [Fact]
    public async Task An_expired_code_is_refused_even_when_it_is_on_the_account()
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add("did:plc:alice", "alice.example.com");
        await using var host = await StartAsync(bluesky, ("Linking:CodeLifetime", "01:00:00"));
        var challenge = await CreateAsync(host, "alice.example.com");
        bluesky.SetBio("alice.example.com", challenge.Code);

        host.Clock.Advance(TimeSpan.FromMinutes(61));
        var late = await VerifyAsync(host, challenge.ProfileId, "alice.example.com");

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("expired", await DetailAsync(late), StringComparison.Ordinal);
        Assert.Null(await host.Get<ProfileStore>().FindByHandleAsync("bluesky", "alice.example.com", Ct));
    }

    [Fact]
    public async Task A_used_code_cannot_link_again_and_another_profiles_code_proves_nothing()
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add("did:plc:alice", "alice.example.com").Add("did:plc:bob", "bob.example.com");
        await using var host = await StartAsync(bluesky);
        var alice = await CreateAsync(host, "alice.example.com");
        var bob = await CreateAsync(host, "bob.example.com");
        var claim = await PostAsync(host, $"/api/profiles/{bob.ProfileId}/accounts", """{"network": "bluesky", "handle": "alice.example.com"}""");
        Assert.Equal(HttpStatusCode.Accepted, claim.StatusCode);

        bluesky.SetBio("alice.example.com", alice.Code);
        var stolen = await VerifyAsync(host, bob.ProfileId, "alice.example.com");
        var proven = await VerifyAsync(host, alice.ProfileId, "alice.example.com");
        var reused = await VerifyAsync(host, alice.ProfileId, "alice.example.com");
        var again = await PostAsync(host, "/api/profiles", """{"network": "bluesky", "handle": "alice.example.com", "kind": "pro"}""");

        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proven.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Contains("cannot be used again", await DetailAsync(reused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(alice.ProfileId, await host.Get<ProfileStore>().FindByHandleAsync("bluesky", "alice.example.com", Ct));
    }

    [Theory]
    [InlineData("""{"network": "bluesky", "handle": "alice.example.com"}""", "kind")]
    [InlineData("""{"network": "bluesky", "handle": "alice.example.com", "kind": "famous"}""", "kind")]
    [InlineData("""{"network": "demo", "handle": "alice", "kind": "pro"}""", "network")]
    [InlineData("""{"network": "myspace", "handle": "alice", "kind": "pro"}""", "network")]
    [InlineData("""{"network": "bluesky", "handle": "not a handle", "kind": "pro"}""", "handle")]
    [InlineData("""{"network": "bluesky", "handle": "alice.example.com", "kind": "pro", "admin": true}""", "admin")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"network": """, "not valid JSON")]
    public async Task A_malformed_profile_request_is_a_400_naming_what_is_wrong_and_stores_nothing(string body, string named)
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add("did:plc:alice", "alice.example.com");
        await using var host = await StartAsync(bluesky);

        var response = await PostAsync(host, "/api/profiles", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await DetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(await TableSnapshot.AllAsync(host.Storage.Profiles.All));
        Assert.Equal(0, bluesky.LookUps);
    }

    [Fact]
    public async Task An_account_the_network_does_not_have_is_a_404_and_a_network_without_a_connector_a_400()
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky);
        await using var host = await StartAsync(bluesky);

        var missing = await PostAsync(host, "/api/profiles", """{"network": "bluesky", "handle": "nobody.example.com", "kind": "pro"}""");
        var unread = await PostAsync(host, "/api/profiles", """{"network": "mastodon", "handle": "alice@example.social", "kind": "pro"}""");
        var unknownProfile = await VerifyAsync(host, "p000000000000000", "alice.example.com");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unread.StatusCode);
        Assert.Contains("no connector", await DetailAsync(unread), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownProfile.StatusCode);
        Assert.Empty(await TableSnapshot.AllAsync(host.Storage.Profiles.All));
    }

    [Fact]
    public async Task Unlinking_stops_the_accounts_reactions_from_counting_at_the_next_scoring()
    {
        var start = SwayTestHost.Start;
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add("did:plc:alice", "alice.example.com").Add("did:plc:work", "work.example.com");
        for (var i = 0; i < 12; i++)
        {
            bluesky.React($"did:plc:fan{i}", "did:plc:alice", InteractionType.Repost, start.AddHours(-i - 1));
            bluesky.React($"did:plc:fan{i}", "did:plc:work", InteractionType.Reply, start.AddHours(-i - 1));
        }

        await using var host = await StartAsync(bluesky);
        var profile = await LinkAsync(host, bluesky, "alice.example.com", "work.example.com");
        await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();
        var both = (await host.Get<ScoreStore>().GetCurrentAsync(profile, Ct))!;

        var unlinked = await SendAsync(host, HttpMethod.Delete, $"/api/profiles/{profile}/accounts/bluesky/work.example.com");
        await host.DrainScoreQueueAsync();
        var one = (await host.Get<ScoreStore>().GetCurrentAsync(profile, Ct))!;

        Assert.Equal(HttpStatusCode.OK, unlinked.StatusCode);
        Assert.Equal(24, both.Explanation.Reactions);
        Assert.Equal(12, one.Explanation.Reactions);
        Assert.True(one.Score < both.Score, $"{one.Score} < {both.Score}");
        Assert.DoesNotContain(one.Explanation.Components, c => c.Type == InteractionType.Reply);
        Assert.Empty(await TableSnapshot.AllAsync(host.Storage.Interactions.All, "Target eq 'did:plc:work'"));
        Assert.Null(await host.Get<ProfileStore>().FindByHandleAsync("bluesky", "work.example.com", Ct));
    }

    [Fact]
    public async Task Reactors_who_never_linked_are_stored_only_as_pseudonyms()
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add("did:plc:alice", "alice.example.com").Add("did:plc:bob", "bob.example.com");
        bluesky.React("did:plc:stranger", "did:plc:alice", InteractionType.Like, SwayTestHost.Start.AddHours(-2));
        bluesky.React("did:plc:bob", "did:plc:alice", InteractionType.Reply, SwayTestHost.Start.AddHours(-1));
        await using var host = await StartAsync(bluesky);
        await LinkAsync(host, bluesky, "alice.example.com");
        await LinkAsync(host, bluesky, "bob.example.com");

        await host.Get<ActivityPuller>().PullAsync(Ct);

        var actors = (await TableSnapshot.AllAsync(host.Storage.Interactions.All)).Select(e => e.GetString("Actor")).Order().ToList();
        Assert.Equal(2, actors.Count);
        Assert.Equal("did:plc:bob", actors[0]);
        Assert.Matches("^~[0-9a-f]{24}$", actors[1]);
        Assert.DoesNotContain("stranger", string.Join("\n", await TableSnapshot.StoredRowsAsync(host.Storage)), StringComparison.Ordinal);
    }

    /// <summary>The local host with <paramref name="reader"/> as a connector and the API key set.</summary>
    internal static Task<SwayTestHost> StartHostAsync(AzuriteFixture azurite, FakeAccountReader reader, params (string Key, string? Value)[] settings) =>
        SwayTestHost.StartAsync(azurite, SwayTestHost.NewPrefix(), s => s.AddAccountReader(_ => reader), [("Api:Key", Key), .. settings]);

    private Task<SwayTestHost> StartAsync(FakeAccountReader reader, params (string Key, string? Value)[] settings) => StartHostAsync(azurite, reader, settings);

    /// <summary>Links accounts to a new personal profile with their proof, as a person would; returns the profile id.</summary>
    internal static async Task<string> LinkAsync(SwayTestHost host, FakeAccountReader reader, string handle, params string[] more)
    {
        var challenge = await CreateAsync(host, handle);
        reader.SetBio(handle, challenge.Code);
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(host, challenge.ProfileId, handle)).StatusCode);
        foreach (var other in more)
        {
            var response = await PostAsync(host, $"/api/profiles/{challenge.ProfileId}/accounts", $$"""{"network": "{{reader.Network.Name}}", "handle": "{{other}}"}""");
            var next = (await response.Content.ReadFromJsonAsync<LinkChallenge>(SwayJson.Options, Ct))!;
            reader.SetBio(other, next.Code);
            Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(host, challenge.ProfileId, other)).StatusCode);
        }

        return challenge.ProfileId;
    }

    internal static async Task<LinkChallenge> CreateAsync(SwayTestHost host, string handle, string network = "bluesky")
    {
        var response = await PostAsync(host, "/api/profiles", $$"""{"network": "{{network}}", "handle": "{{handle}}", "kind": "personal"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LinkChallenge>(SwayJson.Options, Ct))!;
    }

    internal static Task<HttpResponseMessage> VerifyAsync(SwayTestHost host, string profileId, string handle, string network = "bluesky") =>
        SendAsync(host, HttpMethod.Post, $"/api/profiles/{profileId}/accounts/{network}/{handle}/verify");

    internal static Task<HttpResponseMessage> PostAsync(SwayTestHost host, string path, string body) =>
        SendAsync(host, HttpMethod.Post, path, body);

    internal static async Task<HttpResponseMessage> SendAsync(SwayTestHost host, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", Key);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await host.Http.SendAsync(request, Ct);
    }

    internal static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }
}
