using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Sway.Storage;

/// <summary>
/// The tables and queues of one Sway instance, named from <see cref="StorageNames"/> with the configured prefix. The
/// home account (<c>SwayStorage</c>) holds the queues and the small tables; the tables that grow with the profiles are
/// spread over every account (<see cref="StorageOptions.Accounts"/>, <see cref="PartitionedTable"/>).
/// Clients come from the registered service clients (connection string locally, service URI + identity in Azure).
/// </summary>
public sealed class SwayStorage
{
    private readonly IReadOnlyList<TableServiceClient> _accounts;
    private readonly QueueServiceClient _queues;
    private readonly string _prefix;

    /// <param name="accounts">The table service of each storage account, the home account first.</param>
    /// <param name="queues">The home account's queue service.</param>
    /// <param name="options">The layout options (the name prefix).</param>
    public SwayStorage(IReadOnlyList<TableServiceClient> accounts, QueueServiceClient queues, IOptions<StorageOptions> options)
    {
        ArgumentOutOfRangeException.ThrowIfZero(accounts.Count);
        _accounts = accounts;
        _queues = queues;
        _prefix = options.Value.NamePrefix;
        Interactions = Spread(StorageNames.InteractionsTable);
        Sent = Spread(StorageNames.SentTable);
        Accounts = Spread(StorageNames.AccountsTable);
        Profiles = Spread(StorageNames.ProfilesTable);
        Scores = Spread(StorageNames.ScoresTable);
        Standings = Spread(StorageNames.StandingsTable);
    }

    /// <summary>What every table and queue name of this instance starts with (<see cref="StorageOptions.NamePrefix"/>).</summary>
    public string NamePrefix => _prefix;

    /// <summary>How many storage accounts carry the spread tables.</summary>
    public int AccountCount => _accounts.Count;

    /// <summary>Reactions by receiver, in 16 shards per account.</summary>
    public PartitionedTable Interactions { get; }

    /// <summary>Reactions by sender, in 16 shards per account.</summary>
    public PartitionedTable Sent { get; }

    public PartitionedTable Accounts { get; }

    public PartitionedTable Profiles { get; }

    public PartitionedTable Scores { get; }

    public PartitionedTable Standings { get; }

    public TableClient Cursors => Table(StorageNames.CursorsTable);

    public TableClient Webhooks => Table(StorageNames.WebhooksTable);

    public TableClient WebhookDeliveries => Table(StorageNames.WebhookDeliveriesTable);

    public TableClient Links => Table(StorageNames.LinksTable);

    public TableClient Tombstones => Table(StorageNames.TombstonesTable);

    public QueueClient ScoreRequests => Queue(StorageNames.ScoreRequestsQueue);

    public QueueClient RescoreShards => Queue(StorageNames.RescoreShardsQueue);

    public QueueClient WebhookDeliveriesQueue => Queue(StorageNames.WebhookDeliveriesQueue);

    public QueueClient PoisonOf(QueueClient queue) => _queues.GetQueueClient(StorageNames.PoisonQueueOf(queue.Name));

    /// <summary>The actual name of a queue in this instance (what a queue trigger or worker listens on).</summary>
    public string QueueName(string queue) => _prefix + queue;

    /// <summary>A table of the home account, by its stored name (a shard's name for a shard).</summary>
    public TableClient Table(string table) => _accounts[0].GetTableClient(_prefix + table);

    /// <summary>A spread table by its logical name (<see cref="StorageNames.SpreadTables"/>).</summary>
    public PartitionedTable Spread(string table) => new(table, _accounts, _prefix);

    /// <summary>Every table of this instance in every account: the home account's, then each further account's spread tables.</summary>
    public IEnumerable<TableClient> AllTables() => TablesByAccount().Select(t => t.Table);

    private IEnumerable<(int Account, TableClient Table)> TablesByAccount() =>
        StorageNames.Tables.Select(t => (0, Table(t))).Concat(Enumerable.Range(1, _accounts.Count - 1)
            .SelectMany(account => StorageNames.SpreadTableShards.Select(t => (account, _accounts[account].GetTableClient(_prefix + t)))));

    public QueueClient Queue(string queue) => _queues.GetQueueClient(QueueName(queue));

    /// <summary>
    /// Creates every table (in every account) and queue (poison queues included) that does not exist yet, and says which
    /// it created and which it found. Idempotent. Deployment creates them in Azure (<c>infra/</c>); the local host calls
    /// this at start, and <c>sway storage init</c> on demand. The Functions app never calls it: its start path touches no storage.
    /// </summary>
    public async Task<IReadOnlyList<StorageResource>> EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var tables = TablesByAccount().Select(async t =>
        {
            var response = await t.Table.CreateIfNotExistsAsync(cancellationToken);
            var name = t.Account == 0 ? t.Table.Name : $"{StorageOptions.ConnectionNameOf(t.Account)}/{t.Table.Name}";
            return new StorageResource(StorageResourceKind.Table, name, response.GetRawResponse().Status != 409);
        });
        var queues = StorageNames.Queues.SelectMany(q => new[] { QueueName(q), StorageNames.PoisonQueueOf(QueueName(q)) }).Select(async q =>
        {
            // 201 when created; an existing queue answers 204 (same metadata) or, through the SDK, no response at all.
            var response = await _queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return new StorageResource(StorageResourceKind.Queue, q, response?.Status == 201);
        });
        return await Task.WhenAll(tables.Concat(queues));
    }
}
