using System.Net;
using System.Text.Json;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;
using Sway.Tests.Storage;

namespace Sway.Tests.Api;

/// <summary>
/// Both score lookups of a scored profile are one table read (the handle row and the current score row carry what the
/// lookup answers), answer the same bytes as the profile-and-score path they replace, and follow account changes.
/// </summary>
public sealed class OneReadLookupTests(AzuriteFixture azurite)
{
    private static readonly LinkedAccount Work = new("bluesky", "did:plc:work", "work.example.com");
    private static readonly LinkedAccount Home = new("bluesky", "did:plc:home", "home.example.com");
    private static readonly LinkedAccount Toot = new("mastodon", "109", "dora@example.social");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_scored_profile_is_answered_by_handle_and_by_id_in_one_table_read_with_the_bytes_of_the_two_read_path()
    {
        var (host, reads) = await StartAsync();
        await using var _ = host;
        await LinkAndScoreAsync(host, Work, Home);

        reads.Reset();
        var (byHandle, handleReads) = await GetAsync(host, reads, "/api/scores/bluesky/home.example.com");
        var (byId, idReads) = await GetAsync(host, reads, "/api/profiles/dora/score");
        await StripDenormalisedAsync(host, Home);
        var (byHandleBefore, handleReadsBefore) = await GetAsync(host, reads, "/api/scores/bluesky/home.example.com");
        var (byIdBefore, idReadsBefore) = await GetAsync(host, reads, "/api/profiles/dora/score");

        Assert.Equal((1, 1), (handleReads, idReads));
        Assert.Equal((3, 2), (handleReadsBefore, idReadsBefore));
        Assert.Equal(byHandleBefore, byHandle);
        Assert.Equal(byIdBefore, byId);
        Assert.Equal(byId, byHandle);
        Assert.Equal(["work.example.com", "home.example.com"], Handles(byHandle));
    }

    [Fact]
    public async Task Unlinking_and_linking_accounts_keep_both_one_read_answers_current()
    {
        var (host, reads) = await StartAsync();
        await using var _ = host;
        var profile = await LinkAndScoreAsync(host, Work, Home);
        var store = host.Get<ProfileStore>();

        await store.ReplaceAsync(profile with { Accounts = [Work] }, [Home], Ct);
        var (afterUnlink, unlinkReads) = await GetAsync(host, reads, "/api/scores/bluesky/work.example.com");
        var (byIdAfterUnlink, _) = await GetAsync(host, reads, "/api/profiles/dora/score");
        var gone = await host.Http.GetAsync(new Uri("/api/scores/bluesky/home.example.com", UriKind.Relative), Ct);
        await store.ReplaceAsync(profile with { Accounts = [Work, Toot] }, [], Ct);
        var (afterLink, linkReads) = await GetAsync(host, reads, "/api/scores/mastodon/dora@example.social");
        var (byOldHandle, _) = await GetAsync(host, reads, "/api/scores/bluesky/work.example.com");

        Assert.Equal(1, unlinkReads);
        Assert.Equal(["work.example.com"], Handles(afterUnlink));
        Assert.Equal(afterUnlink, byIdAfterUnlink);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(1, linkReads);
        Assert.Equal(["work.example.com", "dora@example.social"], Handles(afterLink));
        Assert.Equal(afterLink, byOldHandle);
    }

    private async Task<(SwayTestHost Host, TableReadCounter Reads)> StartAsync()
    {
        var reads = new TableReadCounter();
        var host = await SwayTestHost.StartAsync(azurite, SwayTestHost.NewPrefix(), s => s.AddKeyedSingleton<HttpPipelinePolicy>(StorageOptions.ConnectionName, reads));
        reads.TableAuthority = host.Storage.Accounts.All[0].Uri.Authority;
        return (host, reads);
    }

    private static async Task<Profile> LinkAndScoreAsync(SwayTestHost host, params LinkedAccount[] accounts)
    {
        var at = host.Clock.GetUtcNow();
        var received = Enumerable.Range(0, 6)
            .Select(i => new Interaction($"e{i}", "bluesky", $"did:plc:fan{i}", accounts[i % accounts.Length].AccountId, InteractionType.Repost, $"post{i}", at.AddHours(-i - 1)))
            .ToArray();
        var profile = await host.LinkAsync("dora", accounts, received);
        Assert.NotNull(await host.Get<ProfileScorer>().ScoreAsync("dora", nightly: false, Ct));
        return profile;
    }

    /// <summary>Takes out what a row written before the denormalised fields would lack: the handle row's copy and the current row's accounts.</summary>
    private static async Task StripDenormalisedAsync(SwayTestHost host, LinkedAccount account)
    {
        var handleRow = AccountIndexKeys.HandleRow(account.Handle);
        var handles = host.Storage.Accounts.Of(AccountIndexKeys.PartitionOf(account.Network, handleRow));
        var handle = (await handles.GetEntityAsync<TableEntity>(AccountIndexKeys.PartitionOf(account.Network, handleRow), handleRow, cancellationToken: Ct)).Value;
        await handles.UpdateEntityAsync(
            new TableEntity(handle.PartitionKey, handle.RowKey) { ["ProfileId"] = handle["ProfileId"], ["AccountId"] = handle["AccountId"] }, ETag.All, TableUpdateMode.Replace, Ct);
        var scores = host.Storage.Scores.Of("dora");
        var current = (await scores.GetEntityAsync<TableEntity>("dora", "current", cancellationToken: Ct)).Value;
        current.Remove("Accounts");
        await scores.UpdateEntityAsync(current, ETag.All, TableUpdateMode.Replace, Ct);
    }

    private static async Task<(string Body, long Reads)> GetAsync(SwayTestHost host, TableReadCounter reads, string path)
    {
        reads.Reset();
        var response = await host.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return (body, reads.Reads);
    }

    private static List<string> Handles(string body) =>
        [.. JsonDocument.Parse(body).RootElement.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("handle").GetString()!)];
}
