using Azure.Data.Tables;

namespace Sway.Storage;

/// <summary>
/// One layout change that <see cref="LayoutMigration"/> carries out: in <paramref name="Table"/> (its logical name), the
/// rows of the earlier layout (<paramref name="IsEarlier"/>) move to the PartitionKey the current
/// layout gives them (<paramref name="PartitionOf"/>), their RowKey and properties unchanged, in the table
/// <paramref name="TableOf"/> gives that partition (null: the same table). A table that no longer exists in the current
/// layout (an unsharded table split into shards) has every row earlier.
/// </summary>
public sealed record PartitionMove(string Table, Func<TableEntity, bool> IsEarlier, Func<TableEntity, string> PartitionOf, Func<string, string>? TableOf = null);
