using Azure.Data.Tables;

namespace Sway.Storage;

/// <summary>
/// Writes entities as table transactions that Azure accepts: one PartitionKey and at most 100 operations each,
/// every entity once (the last write of a key wins). Partitions are written in parallel, bounded; with a
/// <see cref="StorageRetry"/>, each transaction is retried on its own when storage fails transiently (an upsert is
/// idempotent), so that one unlucky call among thousands does not fail the whole write. A sharded table is written
/// through a function that gives each partition's table (<see cref="PartitionedTable.Of"/>).
/// </summary>
public static class PartitionedWriter
{
    public const int MaxOperationsPerTransaction = 100;

    public static Task<int> UpsertAsync(
        TableClient table,
        IEnumerable<ITableEntity> entities,
        int parallelism,
        CancellationToken cancellationToken,
        TableTransactionActionType action = TableTransactionActionType.UpsertReplace,
        StorageRetry? retry = null) =>
        UpsertAsync(_ => table, entities, parallelism, cancellationToken, action, retry);

    /// <summary>As <see cref="UpsertAsync(TableClient, IEnumerable{ITableEntity}, int, CancellationToken, TableTransactionActionType, StorageRetry?)"/>, each partition to the table <paramref name="tableOf"/> gives it.</summary>
    public static async Task<int> UpsertAsync(
        Func<string, TableClient> tableOf,
        IEnumerable<ITableEntity> entities,
        int parallelism,
        CancellationToken cancellationToken,
        TableTransactionActionType action = TableTransactionActionType.UpsertReplace,
        StorageRetry? retry = null)
    {
        ArgumentNullException.ThrowIfNull(tableOf);
        return await SubmitAllAsync(tableOf, Plan(entities, action), parallelism, retry, async (table, transaction, ct) => await table.SubmitTransactionAsync(transaction, ct), cancellationToken);
    }

    /// <summary>
    /// Writes entities that are new as adds, in the transactions <see cref="Plan"/> gives; a transaction that finds one
    /// of its rows stored already (a bulk write resumed after a crash, say) is written again as upserts, so the result
    /// is the upsert's. Azure charges the same for either. Azurite looks the row up once for an add and twice for an
    /// upsert, by scanning its partition, which is what a bulk load into large partitions pays for.
    /// </summary>
    public static async Task<int> AddOrReplaceAsync(
        Func<string, TableClient> tableOf,
        IEnumerable<ITableEntity> entities,
        int parallelism,
        StorageRetry retry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tableOf);
        ArgumentNullException.ThrowIfNull(retry);
        return await SubmitAllAsync(tableOf, Plan(entities, TableTransactionActionType.Add), parallelism, retry, SubmitAddOrReplaceAsync, cancellationToken);
    }

    /// <summary>Submits planned transactions, <paramref name="parallelism"/> at a time, each retried on its own when a retry is given.</summary>
    private static async Task<int> SubmitAllAsync(
        Func<string, TableClient> tableOf,
        IEnumerable<List<TableTransactionAction>> planned,
        int parallelism,
        StorageRetry? retry,
        Func<TableClient, List<TableTransactionAction>, CancellationToken, Task> submit,
        CancellationToken cancellationToken)
    {
        var transactions = planned.ToList();
        await Parallel.ForEachAsync(
            transactions,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (transaction, ct) =>
            {
                var table = tableOf(transaction[0].Entity.PartitionKey);
                if (retry is null)
                {
                    await submit(table, transaction, ct);
                }
                else
                {
                    await retry.RunAsync($"write to {table.Name}", c => submit(table, transaction, c), ct);
                }
            });
        return transactions.Sum(t => t.Count);
    }

    private static async Task SubmitAddOrReplaceAsync(TableClient table, List<TableTransactionAction> transaction, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(transaction, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            await table.SubmitTransactionAsync([.. transaction.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, a.Entity))], cancellationToken);
        }
    }

    /// <summary>
    /// Deletes entities (or merges into existing ones, <see cref="TableTransactionActionType.UpdateMerge"/>) that may
    /// no longer exist: each partition's chunk goes as one transaction, and a chunk that fails because one of its
    /// entities is missing is applied entity by entity, skipping the missing ones. Returns how many were applied.
    /// </summary>
    public static Task<int> ApplyToExistingAsync(
        TableClient table,
        IEnumerable<ITableEntity> entities,
        TableTransactionActionType action,
        int parallelism,
        CancellationToken cancellationToken) =>
        ApplyToExistingAsync(_ => table, entities, action, parallelism, cancellationToken);

    /// <summary>As <see cref="ApplyToExistingAsync(TableClient, IEnumerable{ITableEntity}, TableTransactionActionType, int, CancellationToken)"/>, in the table <paramref name="tableOf"/> gives each partition.</summary>
    public static async Task<int> ApplyToExistingAsync(
        Func<string, TableClient> tableOf,
        IEnumerable<ITableEntity> entities,
        TableTransactionActionType action,
        int parallelism,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tableOf);
        if (action is not (TableTransactionActionType.Delete or TableTransactionActionType.UpdateMerge))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Only deletes and merges into existing entities.");
        }

        var applied = 0;
        await Parallel.ForEachAsync(
            Plan(entities, action).ToList(),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (transaction, ct) =>
            {
                var table = tableOf(transaction[0].Entity.PartitionKey);
                try
                {
                    await table.SubmitTransactionAsync(transaction, ct);
                    Interlocked.Add(ref applied, transaction.Count);
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404)
                {
                    foreach (var one in transaction)
                    {
                        Interlocked.Add(ref applied, await ApplyOneAsync(table, one, ct) ? 1 : 0);
                    }
                }
            });
        return applied;
    }

    /// <summary>Applies one delete or merge; false when its entity does not exist.</summary>
    private static async Task<bool> ApplyOneAsync(TableClient table, TableTransactionAction one, CancellationToken cancellationToken)
    {
        if (one.ActionType == TableTransactionActionType.Delete)
        {
            return (await table.DeleteEntityAsync(one.Entity.PartitionKey, one.Entity.RowKey, Azure.ETag.All, cancellationToken)).Status != 404;
        }

        try
        {
            await table.UpdateEntityAsync(one.Entity, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
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
