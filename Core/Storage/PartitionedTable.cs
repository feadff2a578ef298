using Azure.Data.Tables;

namespace Sway.Storage;

/// <summary>
/// One of the tables spread over the storage accounts (<see cref="StorageNames.SpreadTables"/>) and, when sharded, over
/// its shards (<see cref="StorageNames.ShardedTables"/>). A partition lives in exactly one table of one account, picked by
/// a stable hash of its PartitionKey (<see cref="Of"/>), so every transaction, point read and single-partition query goes
/// to one table, as with one account; a query across partitions runs on each table of <see cref="All"/> and merges.
/// </summary>
public sealed class PartitionedTable
{
    private readonly TableClient[][] _tables;

    /// <param name="name">The logical table (<see cref="StorageNames.SpreadTables"/>).</param>
    /// <param name="accounts">The table service of each storage account, the home account first.</param>
    /// <param name="prefix">The instance's name prefix (<see cref="StorageOptions.NamePrefix"/>).</param>
    public PartitionedTable(string name, IReadOnlyList<TableServiceClient> accounts, string prefix)
    {
        ArgumentOutOfRangeException.ThrowIfZero(accounts.Count);
        Name = name;
        var tables = StorageNames.TablesOf(name).ToList();
        _tables = [.. accounts.Select(account => tables.Select(table => account.GetTableClient(prefix + table)).ToArray())];
        All = [.. _tables.SelectMany(inAccount => inAccount)];
    }

    /// <summary>The logical table's name.</summary>
    public string Name { get; }

    /// <summary>Every table that may hold rows of it, account by account, each account's in shard order.</summary>
    public IReadOnlyList<TableClient> All { get; }

    /// <summary>The table that holds a partition.</summary>
    public TableClient Of(string partitionKey) => _tables[AccountOf(partitionKey)][ShardOf(partitionKey)];

    /// <summary>The storage account (0: the home account) that holds a partition.</summary>
    public int AccountOf(string partitionKey) => _tables.Length == 1 ? 0 : TableKey.Bucket(partitionKey, _tables.Length);

    private int ShardOf(string partitionKey) => _tables[0].Length == 1 ? 0 : TableKey.Bucket(partitionKey, _tables[0].Length);

    /// <summary>
    /// One page of a query across partitions, table after table of <see cref="All"/>. The continuation token names the
    /// table it continues in; a page may be empty and still have one.
    /// </summary>
    public async Task<(IReadOnlyList<TableEntity> Rows, string? ContinuationToken)> PageAsync(
        string? filter, IEnumerable<string>? select, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var (table, inner) = ParseToken(continuationToken);
        await foreach (var page in All[table].QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken).AsPages(inner, pageSize))
        {
            var next = page.ContinuationToken is { } more ? Token(table, more) : table + 1 < All.Count ? Token(table + 1, null) : null;
            return (page.Values, next);
        }

        return ([], table + 1 < All.Count ? Token(table + 1, null) : null);
    }

    private static string Token(int table, string? inner) => FormattableString.Invariant($"{table}:{inner}");

    private (int Table, string? Inner) ParseToken(string? token)
    {
        if (token is null)
        {
            return (0, null);
        }

        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !int.TryParse(token.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var table) || table >= All.Count)
        {
            throw new ArgumentException($"'{token}' is not a continuation token of {Name}.", nameof(token));
        }

        return (table, colon + 1 == token.Length ? null : token[(colon + 1)..]);
    }
}
