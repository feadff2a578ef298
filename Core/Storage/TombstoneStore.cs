using Azure.Data.Tables;
using Sway.Privacy;

namespace Sway.Storage;

/// <summary>
/// The accounts whose profiles were erased: one row per account, partition = network, RowKey = the account's
/// pseudonym (<see cref="AccountPseudonym"/>), so the table names nobody. The puller reads a network's tombstones once
/// per run and neither enrolls nor stores reactions to a tombstoned account, and keeps its reactions to others only
/// under its pseudonym. Only the person proving control of the account again removes its tombstone.
/// </summary>
public sealed class TombstoneStore(SwayStorage storage, AccountPseudonym pseudonyms)
{
    public Task AddAsync(string network, string accountId, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        storage.Tombstones.UpsertEntityAsync(
            new TableEntity(network, pseudonyms.Of(network, accountId)) { ["ErasedAt"] = erasedAt },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<bool> ContainsAsync(string network, string accountId, CancellationToken cancellationToken)
    {
        var response = await storage.Tombstones.GetEntityIfExistsAsync<TableEntity>(network, pseudonyms.Of(network, accountId), ["RowKey"], cancellationToken);
        return response.HasValue;
    }

    public async Task RemoveAsync(string network, string accountId, CancellationToken cancellationToken) =>
        await storage.Tombstones.DeleteEntityAsync(network, pseudonyms.Of(network, accountId), cancellationToken: cancellationToken);

    /// <summary>The pseudonyms of every tombstoned account on a network (erasures are few: one partition read).</summary>
    public async Task<IReadOnlySet<string>> OfNetworkAsync(string network, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in storage.Tombstones.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {network}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            found.Add(row.RowKey);
        }

        return found;
    }
}
