using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sway.Storage;

/// <summary>
/// Moves rows written by an earlier Sway to the current layout (<see cref="Moves"/>): the Accounts index from one
/// partition per network to 256 (<see cref="AccountIndexKeys"/>); the reactions from the single <c>Interactions</c>
/// and <c>Sent</c> tables to their shards (<see cref="StorageNames.ShardedTables"/>), the by-sender rows of the
/// 64-partition layout to <see cref="InteractionStore.SentBuckets"/> partitions on the way; the standings from 16
/// partitions per generation to <see cref="StandingStore.Buckets"/>. Each earlier row is added
/// under its new PartitionKey and table, unless a row is there already (written since, so newer), and then deleted. Idempotent and safe to run again after a crash: a
/// row is deleted only once its copy is stored. Run it (<c>sway storage migrate</c>) after upgrading and before the
/// hosts start: Sway reads and writes only the current layout.
/// </summary>
public sealed partial class LayoutMigration(SwayStorage storage, StorageRetry retry, IOptions<StorageOptions> options, ILogger<LayoutMigration> logger)
{
    private const int PageSize = 1000;
    private static readonly HashSet<string> KeyProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>The layouts moved: the Accounts index, the reactions by receiver and by sender into their shards, the standings.</summary>
    public static IReadOnlyList<PartitionMove> Moves { get; } =
    [
        new(StorageNames.AccountsTable, row => AccountIndexKeys.IsEarlierLayout(row.PartitionKey), row => AccountIndexKeys.PartitionOf(row.PartitionKey, row.RowKey)),
        new(StorageNames.InteractionsTable, _ => true, row => row.PartitionKey, partition => StorageNames.ShardOf(StorageNames.InteractionsTable, partition)),
        new(StorageNames.SentTable, _ => true, InteractionStore.SentPartitionOfRow, partition => StorageNames.ShardOf(StorageNames.SentTable, partition)),
        new(StorageNames.StandingsTable, StandingStore.IsEarlierRow, StandingStore.PartitionOfRow),
    ];

    /// <summary>Moves every row of every earlier layout; returns how many it moved per table (0 when there is none left).</summary>
    public async Task<IReadOnlyDictionary<string, int>> MigrateAsync(CancellationToken cancellationToken)
    {
        var moved = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var move in Moves)
        {
            moved[move.Table] = await MigrateAsync(move, cancellationToken);
        }

        return moved;
    }

    private async Task<int> MigrateAsync(PartitionMove move, CancellationToken cancellationToken)
    {
        var table = storage.Table(move.Table);
        var moved = 0;
        string? token = null;
        do
        {
            var from = token;
            var (earlier, next) = await retry.RunAsync($"read {move.Table}", ct => EarlierRowsAsync(table, move, from, ct), cancellationToken);
            if (earlier.Count > 0)
            {
                await Parallel.ForEachAsync(
                    PartitionedWriter.Plan(earlier.Select(row => Moved(row, move)), TableTransactionActionType.Add).ToList(),
                    new ParallelOptions { MaxDegreeOfParallelism = options.Value.WriteParallelism, CancellationToken = cancellationToken },
                    (transaction, ct) => new ValueTask(retry.RunAsync(
                        $"add moved rows of {move.Table}",
                        c => AddMissingAsync(move.TableOf is { } tableOf ? storage.Table(tableOf(transaction[0].Entity.PartitionKey)) : table, transaction, c),
                        ct)));
                await retry.RunAsync(
                    $"delete moved rows of {move.Table}",
                    ct => PartitionedWriter.ApplyToExistingAsync(table, earlier, TableTransactionActionType.Delete, options.Value.WriteParallelism, ct),
                    cancellationToken);
                moved += earlier.Count;
                LogMoved(logger, moved, move.Table);
            }

            token = next;
        }
        while (token is not null);

        return moved;
    }

    private static async Task<(List<TableEntity> Earlier, string? Next)> EarlierRowsAsync(TableClient table, PartitionMove move, string? continuationToken, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: PageSize, cancellationToken: cancellationToken).AsPages(continuationToken, PageSize))
            {
                return ([.. page.Values.Where(move.IsEarlier)], page.ContinuationToken);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404 && move.TableOf is not null)
        {
            // The earlier, unsharded table was never created here: nothing to move.
        }

        return ([], null);
    }

    /// <summary>Adds the rows in one transaction; when one of them exists already, adds the others one by one.</summary>
    private static async Task AddMissingAsync(TableClient table, List<TableTransactionAction> transaction, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(transaction, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            foreach (var action in transaction)
            {
                try
                {
                    await table.AddEntityAsync(action.Entity, cancellationToken);
                }
                catch (Azure.RequestFailedException one) when (one.Status == 409)
                {
                    // Written in the bucketed layout already: that row is the newer one.
                }
            }
        }
    }

    private static TableEntity Moved(TableEntity earlier, PartitionMove move)
    {
        var moved = new TableEntity(move.PartitionOf(earlier), earlier.RowKey);
        foreach (var (name, value) in earlier.Where(p => !KeyProperties.Contains(p.Key)))
        {
            moved[name] = value;
        }

        return moved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} rows of {Table} to the current layout so far")]
    private static partial void LogMoved(ILogger logger, int count, string table);
}
