using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Sway.Storage;

/// <summary>
/// The tables and queues of one Sway instance, named from <see cref="StorageNames"/> with the configured prefix.
/// Clients come from the registered service clients (connection string locally, service URI + identity in Azure).
/// </summary>
public sealed class SwayStorage
{
    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _queues;
    private readonly string _prefix;

    public SwayStorage(TableServiceClient tables, QueueServiceClient queues, IOptions<StorageOptions> options)
    {
        _tables = tables;
        _queues = queues;
        _prefix = options.Value.NamePrefix;
    }

    public TableClient Accounts => Table(StorageNames.AccountsTable);

    public TableClient Profiles => Table(StorageNames.ProfilesTable);

    public TableClient Scores => Table(StorageNames.ScoresTable);

    public TableClient Cursors => Table(StorageNames.CursorsTable);

    public TableClient Standings => Table(StorageNames.StandingsTable);

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

    public TableClient Table(string table) => _tables.GetTableClient(_prefix + table);

    /// <summary>The shard of a sharded table (<see cref="StorageNames.ShardedTables"/>) that holds a partition.</summary>
    public TableClient ShardOf(string table, string partitionKey) => Table(StorageNames.ShardOf(table, partitionKey));

    /// <summary>The shards of a sharded table, in order.</summary>
    public IEnumerable<TableClient> ShardsOf(string table) => StorageNames.ShardsOf(table).Select(Table);

    public QueueClient Queue(string queue) => _queues.GetQueueClient(QueueName(queue));

    /// <summary>
    /// Creates every table and queue (poison queues included) that does not exist yet, and says which it created and
    /// which it found. Idempotent. Deployment creates them in Azure (<c>infra/</c>); the local host calls this at start,
    /// and <c>sway storage init</c> on demand. The Functions app never calls it: its start path touches no storage.
    /// </summary>
    public async Task<IReadOnlyList<StorageResource>> EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var tables = StorageNames.Tables.Select(async t =>
        {
            var table = Table(t);
            var response = await table.CreateIfNotExistsAsync(cancellationToken);
            return new StorageResource(StorageResourceKind.Table, table.Name, response.GetRawResponse().Status != 409);
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
