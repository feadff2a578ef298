using Azure.Data.Tables;

namespace Sway.Storage;

/// <summary>
/// Writes entities as table transactions that Azure accepts: one PartitionKey and at most 100 operations each,
/// every entity once (the last write of a key wins). Partitions are written in parallel, bounded; with a
/// <see cref="StorageRetry"/>, each transaction is retried on its own when storage fails transiently (an upsert is
/// idempotent), so that one unlucky call among thousands does not fail the whole write.
/// </summary>
public static class PartitionedWriter
{
    public const int MaxOperationsPerTransaction = 100;

    public static async Task<int> UpsertAsync(
        TableClient table,
        IEnumerable<ITableEntity> entities,
        int parallelism,
        CancellationToken cancellationToken,
        TableTransactionActionType action = TableTransactionActionType.UpsertReplace,
        StorageRetry? retry = null)
    {
        var transactions = Plan(entities, action).ToList();
        await Parallel.ForEachAsync(
            transactions,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (transaction, ct) =>
            {
                if (retry is null)
                {
                    await table.SubmitTransactionAsync(transaction, ct);
                }
                else
                {
                    await retry.RunAsync($"write to {table.Name}", c => table.SubmitTransactionAsync(transaction, c), ct);
                }
            });
        return transactions.Sum(t => t.Count);
    }

    /// <summary>Groups entities into valid transactions: distinct keys, one partition each, at most 100 operations.</summary>
    public static IEnumerable<List<TableTransactionAction>> Plan(IEnumerable<ITableEntity> entities, TableTransactionActionType action) =>
        entities
            .GroupBy(e => (e.PartitionKey, e.RowKey))
            .Select(g => g.Last())
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxOperationsPerTransaction))
            .Select(chunk => chunk.Select(e => new TableTransactionAction(action, e)).ToList());
}
