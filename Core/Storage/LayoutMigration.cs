using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sway.Storage;

/// <summary>
/// Moves rows written by an earlier Sway to the current layout (<see cref="Moves"/>): the Accounts index from one
/// partition per network to 256 (<see cref="AccountIndexKeys"/>); the reactions from the single <c>Interactions</c>
/// and <c>Sent</c> tables to their shards (<see cref="StorageNames.ShardedTables"/>), the by-sender rows of the
/// 64-partition layout to <see cref="InteractionStore.SentBuckets"/> partitions on the way; the standings from 16
/// partitions per generation to <see cref="StandingStore.Buckets"/>; and, when <c>Storage:Accounts</c> changed, every
/// partition of a spread table to the account it now belongs to (<see cref="PartitionedTable"/>). Each earlier row is
/// added under its new PartitionKey, table and account, unless a row is there already (written since, so newer), and
/// then deleted. Idempotent and safe to run again after a crash: a row is deleted only once its copy is stored. Run it
/// (<c>sway storage migrate</c>) after upgrading or changing the accounts and before the hosts start: Sway reads and
/// writes only the current layout.
/// </summary>
public sealed partial class LayoutMigration(SwayStorage storage, StorageRetry retry, IOptions<StorageOptions> options, ILogger<LayoutMigration> logger)
{
    private const int PageSize = 1000;
    private static readonly HashSet<string> KeyProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>The layouts moved: the Accounts index, the reactions by receiver and by sender into their shards, the standings.</summary>
    public static IReadOnlyList<PartitionMove> Moves { get; } =
    [
        new(StorageNames.AccountsTable, row => AccountIndexKeys.IsEarlierLayout(row.PartitionKey), row => AccountIndexKeys.PartitionOf(row.PartitionKey, row.RowKey)),
        new(StorageNames.InteractionsTable, _ => true, row => row.PartitionKey),
        new(StorageNames.SentTable, _ => true, InteractionStore.SentPartitionOfRow),
        new(StorageNames.StandingsTable, StandingStore.IsEarlierRow, StandingStore.PartitionOfRow),
    ];

    /// <summary>
    /// Moves every row of every earlier layout, then, when the tables are spread over several storage accounts, every
    /// row that is not in the account its partition belongs to (the accounts were added to or removed); returns how
    /// many it moved per table (0 when there is none left).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> MigrateAsync(CancellationToken cancellationToken)
    {
        var moved = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var move in Moves)
        {
            moved[move.Table] = await MoveAsync(storage.Table(move.Table), move.IsEarlier, move.PartitionOf, storage.Spread(move.Table), cancellationToken);
        }

        if (storage.AccountCount > 1)
        {
            foreach (var name in StorageNames.SpreadTables)
            {
                var spread = storage.Spread(name);
                foreach (var table in spread.All)
                {
                    var misplaced = await MoveAsync(table, row => !ReferenceEquals(spread.Of(row.PartitionKey), table), row => row.PartitionKey, spread, cancellationToken);
                    moved[name] = moved.GetValueOrDefault(name) + misplaced;
                }
            }
        }

        return moved;
    }

    /// <summary>Moves the rows of <paramref name="table"/> that <paramref name="isEarlier"/> picks to their place in <paramref name="into"/>.</summary>
    private async Task<int> MoveAsync(
        TableClient table, Func<TableEntity, bool> isEarlier, Func<TableEntity, string> partitionOf, PartitionedTable into, CancellationToken cancellationToken)
    {
        var moved = 0;
        string? token = null;
        do
        {
            var from = token;
            var (earlier, next) = await retry.RunAsync($"read {table.Name}", ct => EarlierRowsAsync(table, isEarlier, from, ct), cancellationToken);
            if (earlier.Count > 0)
            {
                await Parallel.ForEachAsync(
                    PartitionedWriter.Plan(earlier.Select(row => Moved(row, partitionOf)), TableTransactionActionType.Add).ToList(),
                    new ParallelOptions { MaxDegreeOfParallelism = options.Value.WriteParallelism, CancellationToken = cancellationToken },
                    (transaction, ct) => new ValueTask(retry.RunAsync(
                        $"add moved rows of {table.Name}",
                        c => AddMissingAsync(into.Of(transaction[0].Entity.PartitionKey), transaction, c),
                        ct)));
                await retry.RunAsync(
                    $"delete moved rows of {table.Name}",
                    ct => PartitionedWriter.ApplyToExistingAsync(table, earlier, TableTransactionActionType.Delete, options.Value.WriteParallelism, ct),
                    cancellationToken);
                moved += earlier.Count;
                LogMoved(logger, moved, table.Name);
            }

            token = next;
        }
        while (token is not null);

        return moved;
    }

    private static async Task<(List<TableEntity> Earlier, string? Next)> EarlierRowsAsync(TableClient table, Func<TableEntity, bool> isEarlier, string? continuationToken, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: PageSize, cancellationToken: cancellationToken).AsPages(continuationToken, PageSize))
            {
                return ([.. page.Values.Where(isEarlier)], page.ContinuationToken);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
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

    private static TableEntity Moved(TableEntity earlier, Func<TableEntity, string> partitionOf)
    {
        var moved = new TableEntity(partitionOf(earlier), earlier.RowKey);
        foreach (var (name, value) in earlier.Where(p => !KeyProperties.Contains(p.Key)))
        {
            moved[name] = value;
        }

        return moved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} rows of {Table} to the current layout so far")]
    private static partial void LogMoved(ILogger logger, int count, string table);
}
