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

    public static async Task<int> CountAsync(TableClient table, string? filter = null)
    {
        var count = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: TestContext.Current.CancellationToken).AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }

    /// <summary>Keys and the named properties of every entity, as comparable strings.</summary>
    public static async Task<List<string>> DescribeAsync(TableClient table, params string[] properties) =>
        [.. (await AllAsync(table)).Select(e => string.Join(" ", new[] { e.PartitionKey, e.RowKey }.Concat(properties.Select(p => $"{p}={e[p]}"))))];
}
