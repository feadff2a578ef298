using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sway.Storage;

/// <summary>
/// Moves the Accounts index from its earlier layout (one partition per network, PartitionKey = the network) to the
/// bucketed one (<see cref="AccountIndexKeys"/>): each earlier row is added under its new PartitionKey, unless a row
/// is there already (written since, so newer), and then deleted. Idempotent and safe to run again after a crash: a row
/// is deleted only once its copy is stored. Run it (<c>sway storage migrate</c>) after upgrading and before the hosts
/// start: Sway reads and writes only the bucketed layout.
/// </summary>
public sealed partial class AccountIndexMigration(SwayStorage storage, StorageRetry retry, IOptions<StorageOptions> options, ILogger<AccountIndexMigration> logger)
{
    private const int PageSize = 1000;
    private static readonly HashSet<string> KeyProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>Moves every row of the earlier layout; returns how many it moved (0 when there is none left).</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        string? token = null;
        do
        {
            var from = token;
            var (earlier, next) = await retry.RunAsync("read the Accounts index", ct => EarlierRowsAsync(from, ct), cancellationToken);
            if (earlier.Count > 0)
            {
                await Parallel.ForEachAsync(
                    PartitionedWriter.Plan(earlier.Select(Moved), TableTransactionActionType.Add).ToList(),
                    new ParallelOptions { MaxDegreeOfParallelism = options.Value.WriteParallelism, CancellationToken = cancellationToken },
                    (transaction, ct) => new ValueTask(retry.RunAsync("add moved index rows", c => AddMissingAsync(transaction, c), ct)));
                await retry.RunAsync(
                    "delete moved index rows",
                    ct => PartitionedWriter.ApplyToExistingAsync(storage.Accounts, earlier, TableTransactionActionType.Delete, options.Value.WriteParallelism, ct),
                    cancellationToken);
                moved += earlier.Count;
                LogMoved(logger, moved);
            }

            token = next;
        }
        while (token is not null);

        return moved;
    }

    private async Task<(List<TableEntity> Earlier, string? Next)> EarlierRowsAsync(string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in storage.Accounts.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: PageSize, cancellationToken: cancellationToken).AsPages(continuationToken, PageSize))
        {
            return ([.. page.Values.Where(e => AccountIndexKeys.IsEarlierLayout(e.PartitionKey))], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Adds the rows in one transaction; when one of them exists already, adds the others one by one.</summary>
    private async Task AddMissingAsync(List<TableTransactionAction> transaction, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Accounts.SubmitTransactionAsync(transaction, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            foreach (var action in transaction)
            {
                try
                {
                    await storage.Accounts.AddEntityAsync(action.Entity, cancellationToken);
                }
                catch (Azure.RequestFailedException one) when (one.Status == 409)
                {
                    // Written in the bucketed layout already: that row is the newer one.
                }
            }
        }
    }

    private static TableEntity Moved(TableEntity earlier)
    {
        var moved = new TableEntity(AccountIndexKeys.PartitionOf(earlier.PartitionKey, earlier.RowKey), earlier.RowKey);
        foreach (var (name, value) in earlier.Where(p => !KeyProperties.Contains(p.Key)))
        {
            moved[name] = value;
        }

        return moved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} Accounts index rows to the bucketed layout so far")]
    private static partial void LogMoved(ILogger logger, int count);
}
