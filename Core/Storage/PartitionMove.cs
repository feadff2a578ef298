using Azure.Data.Tables;

namespace Sway.Storage;

/// <summary>
/// One layout change that <see cref="LayoutMigration"/> carries out: in the home account's table named
/// <paramref name="Table"/>, the rows of the earlier layout (<paramref name="IsEarlier"/>) move to the PartitionKey the
/// current layout gives them (<paramref name="PartitionOf"/>), their RowKey and properties unchanged, into the table
/// and account that the spread table <paramref name="Table"/> (<see cref="StorageNames.SpreadTables"/>) places that
/// partition in. A table that no longer exists in the current layout (an unsharded table split into shards) has every
/// row earlier.
/// </summary>
public sealed record PartitionMove(string Table, Func<TableEntity, bool> IsEarlier, Func<TableEntity, string> PartitionOf);
