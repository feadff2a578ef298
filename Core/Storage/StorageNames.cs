using System.Globalization;

namespace Sway.Storage;

/// <summary>
/// Every table and queue Sway uses. Infrastructure creates exactly these (plus poison queues), and the hosts
/// derive their names from here: the Functions queue trigger, the local queue workers and the tests alike.
/// </summary>
public static class StorageNames
{
    /// <summary>Reactions by receiver; a sharded table (<see cref="ShardedTables"/>).</summary>
    public const string InteractionsTable = "Interactions";
    public const string AccountsTable = "Accounts";
    public const string ProfilesTable = "Profiles";
    public const string ScoresTable = "Scores";
    public const string CursorsTable = "Cursors";

    /// <summary>Reactions by sender, bucketed by the reacting account: what a sender review reads. A sharded table.</summary>
    public const string SentTable = "Sent";

    /// <summary>Per night, the standing and trust of the accounts that have more than none or less than full.</summary>
    public const string StandingsTable = "Standings";

    /// <summary>Webhook subscriptions (receiver, filter, signing secrets).</summary>
    public const string WebhooksTable = "Webhooks";

    /// <summary>One row per (subscription, event): the event's body and every delivery attempt.</summary>
    public const string WebhookDeliveriesTable = "WebhookDeliveries";

    /// <summary>Links waiting for their proof of control: the one-time code (hashed), its expiry and the checks left.</summary>
    public const string LinksTable = "Links";

    /// <summary>Erased accounts, keyed by pseudonym (no id): no pull, replay or nightly run brings them back.</summary>
    public const string TombstonesTable = "Tombstones";

    /// <summary>One message per batch of up to 100 profiles (<c>ScoreRequest.MaxProfiles</c>) to (re)score. Consumed by ScoreProfile.</summary>
    public const string ScoreRequestsQueue = "score-requests";

    /// <summary>
    /// One message per shard of the Profiles table (and per continuation of a long shard) to page through at the nightly
    /// rescoring. Consumed by RescoreShard, which fills score-requests.
    /// </summary>
    public const string RescoreShardsQueue = "rescore-shards";

    /// <summary>One message per delivery attempt that is due (delayed by its visibility timeout). Consumed by DeliverWebhook.</summary>
    public const string WebhookDeliveriesQueue = "webhook-deliveries";

    /// <summary>Where a message goes after failing <c>maxDequeueCount</c> times (the Functions convention).</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>
    /// How many tables each sharded table is split into. A row's table is a stable hash of its PartitionKey
    /// (<see cref="ShardOf"/>), so a partition, and with it every transaction and range query, stays in one table.
    /// </summary>
    public const int TableShards = 16;

    /// <summary>
    /// The tables that grow with every reaction stored, split into <see cref="TableShards"/> tables each
    /// (<c>Interactions00</c> … <c>Interactions0f</c>). Azurite's cost of an insert grows with the rows its table holds;
    /// Azure's does not, but shards are also the unit a deployment could later spread over several storage accounts.
    /// </summary>
    public static IReadOnlyList<string> ShardedTables { get; } = [InteractionsTable, SentTable];

    /// <summary>
    /// The tables whose load grows with the profiles: their partitions are spread over the storage accounts
    /// (<see cref="StorageOptions.Accounts"/>, <see cref="PartitionedTable"/>). The other tables live in the home account.
    /// </summary>
    public static IReadOnlyList<string> SpreadTables { get; } = [InteractionsTable, AccountsTable, ProfilesTable, ScoresTable, SentTable, StandingsTable];

    /// <summary>Every table Sway uses, each sharded table as its shards: what the home account holds.</summary>
    public static IReadOnlyList<string> Tables { get; } =
        [.. ShardsOf(InteractionsTable), AccountsTable, ProfilesTable, ScoresTable, CursorsTable, .. ShardsOf(SentTable), StandingsTable, WebhooksTable, WebhookDeliveriesTable, LinksTable, TombstonesTable];

    /// <summary>The tables every further storage account holds: the spread tables, each sharded one as its shards.</summary>
    public static IReadOnlyList<string> SpreadTableShards { get; } = [.. SpreadTables.SelectMany(TablesOf)];

    /// <summary>The tables a logical table is stored in: its shards, or itself.</summary>
    public static IEnumerable<string> TablesOf(string table) => ShardedTables.Contains(table) ? ShardsOf(table) : [table];

    public static IReadOnlyList<string> Queues { get; } = [ScoreRequestsQueue, RescoreShardsQueue, WebhookDeliveriesQueue];

    public static string PoisonQueueOf(string queue) => queue + PoisonSuffix;

    /// <summary>The shard of a sharded table that holds a partition.</summary>
    public static string ShardOf(string table, string partitionKey) => ShardName(table, TableKey.Bucket(partitionKey, TableShards));

    /// <summary>The shards of a sharded table, in order.</summary>
    public static IEnumerable<string> ShardsOf(string table) => Enumerable.Range(0, TableShards).Select(shard => ShardName(table, shard));

    private static string ShardName(string table, int shard) => table + shard.ToString("x2", CultureInfo.InvariantCulture);
}
