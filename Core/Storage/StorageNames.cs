namespace Sway.Storage;

/// <summary>
/// Every table and queue Sway uses. Infrastructure creates exactly these (plus poison queues), and the hosts
/// derive their names from here: the Functions queue trigger, the local queue workers and the tests alike.
/// </summary>
public static class StorageNames
{
    public const string InteractionsTable = "Interactions";
    public const string AccountsTable = "Accounts";
    public const string ProfilesTable = "Profiles";
    public const string ScoresTable = "Scores";
    public const string CursorsTable = "Cursors";

    /// <summary>Reactions by sender, one partition per reacting account: what a sender review reads.</summary>
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

    /// <summary>One message per batch of up to 32 profiles to (re)score. Consumed by ScoreProfile.</summary>
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

    public static IReadOnlyList<string> Tables { get; } = [InteractionsTable, AccountsTable, ProfilesTable, ScoresTable, CursorsTable, SentTable, StandingsTable, WebhooksTable, WebhookDeliveriesTable, LinksTable, TombstonesTable];

    public static IReadOnlyList<string> Queues { get; } = [ScoreRequestsQueue, RescoreShardsQueue, WebhookDeliveriesQueue];

    public static string PoisonQueueOf(string queue) => queue + PoisonSuffix;
}
