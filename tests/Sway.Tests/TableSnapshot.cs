using Azure.Data.Tables;

namespace Sway.Tests;

/// <summary>Reads whole tables for assertions: every entity's keys and chosen properties, in key order.</summary>
internal static class TableSnapshot
{
    public static async Task<List<TableEntity>> AllAsync(TableClient table, string? filter = null)
    {
        var entities = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: TestContext.Current.CancellationToken))
        {
            entities.Add(entity);
        }

        return entities;
    }

    /// <summary>Every entity of every shard of a sharded table, shard by shard.</summary>
    public static async Task<List<TableEntity>> AllAsync(IEnumerable<TableClient> shards, string? filter = null)
    {
        var entities = new List<TableEntity>();
        foreach (var shard in shards)
        {
            entities.AddRange(await AllAsync(shard, filter));
        }

        return entities;
    }

    public static async Task<int> CountAsync(TableClient table, string? filter = null)
    {
        var count = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: TestContext.Current.CancellationToken).AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }

    /// <summary>How many entities every shard of a sharded table holds together.</summary>
    public static async Task<int> CountAsync(IEnumerable<TableClient> shards, string? filter = null)
    {
        var count = 0;
        foreach (var shard in shards)
        {
            count += await CountAsync(shard, filter);
        }

        return count;
    }

    /// <summary>Keys and the named properties of every entity, as comparable strings.</summary>
    public static Task<List<string>> DescribeAsync(TableClient table, params string[] properties) => DescribeAsync([table], properties);

    /// <summary>As <see cref="DescribeAsync(TableClient, string[])"/>, over every shard of a sharded table.</summary>
    public static async Task<List<string>> DescribeAsync(IEnumerable<TableClient> shards, params string[] properties) =>
        [.. (await AllAsync(shards)).Select(e => string.Join(" ", new[] { e.PartitionKey, e.RowKey }.Concat(properties.Select(p => $"{p}={e[p]}"))))];

    /// <summary>
    /// Every row of every Sway table in every account, with every property but the service's own (Timestamp, ETag) and a score's
    /// <c>ComputedAt</c> (when the computation ran: wall-clock time, not data), as sorted comparable strings.
    /// </summary>
    public static async Task<List<string>> StoredRowsAsync(Sway.Storage.SwayStorage storage)
    {
        var rows = new List<string>();
        foreach (var table in storage.AllTables())
        {
            var name = table.Name[storage.NamePrefix.Length..]; // the same in every account and instance
            foreach (var entity in await AllAsync(table))
            {
                var properties = entity.Keys
                    .Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey" or "ComputedAt"))
                    .Order(StringComparer.Ordinal)
                    .Select(k => $"{k}={Format(entity[k])}");
                rows.Add($"{name} {entity.PartitionKey} {entity.RowKey} {string.Join(" ", properties)}");
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string? Format(object? value) => value switch
    {
        DateTimeOffset at => at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateTime at => at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    };
}
