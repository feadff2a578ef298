using Azure;
using Azure.Data.Tables;
using Sway.Storage;

namespace Sway.Linking;

/// <summary>Pending links in the <c>Links</c> table: one partition per profile, RowKey <c>network|accountId</c>.</summary>
public sealed class LinkStore(SwayStorage storage)
{
    public Task SaveAsync(PendingLink link, CancellationToken cancellationToken) =>
        storage.Links.UpsertEntityAsync(ToEntity(link), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The profile's pending links.</summary>
    public async Task<IReadOnlyList<(PendingLink Link, ETag Version)>> ListAsync(string profileId, CancellationToken cancellationToken)
    {
        var links = new List<(PendingLink, ETag)>();
        await foreach (var row in storage.Links.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {profileId}"), cancellationToken: cancellationToken))
        {
            links.Add((FromEntity(row), row.ETag));
        }

        return links;
    }

    /// <summary>Replaces the link if nobody changed it since it was read (a check spends one of its checks exactly once).</summary>
    public async Task<bool> TryReplaceAsync(PendingLink link, ETag version, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Links.UpdateEntityAsync(ToEntity(link), version, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(PendingLink link, CancellationToken cancellationToken)
    {
        var response = await storage.Links.DeleteEntityAsync(link.ProfileId, RowKeyOf(link.Network, link.AccountId), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <summary>Deletes every pending link of a profile; returns how many there were.</summary>
    public async Task<int> DeleteAllAsync(string profileId, CancellationToken cancellationToken)
    {
        var links = await ListAsync(profileId, cancellationToken);
        foreach (var (link, _) in links)
        {
            await DeleteAsync(link, cancellationToken);
        }

        return links.Count;
    }

    private static string RowKeyOf(string network, string accountId) => TableKey.Join(network, TableKey.Escape(accountId));

    private static TableEntity ToEntity(PendingLink link) => new(link.ProfileId, RowKeyOf(link.Network, link.AccountId))
    {
        ["Network"] = link.Network,
        ["AccountId"] = link.AccountId,
        ["Handle"] = link.Handle,
        ["CodeHash"] = link.CodeHash,
        ["CreatedAt"] = link.CreatedAt,
        ["ExpiresAt"] = link.ExpiresAt,
        ["ChecksLeft"] = link.ChecksLeft,
    };

    private static PendingLink FromEntity(TableEntity row) => new(
        row.PartitionKey,
        row.GetString("Network"),
        row.GetString("AccountId"),
        row.GetString("Handle"),
        row.GetString("CodeHash"),
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
        row.GetInt32("ChecksLeft") ?? 0);
}
