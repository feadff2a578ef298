using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Sway.Domain;

namespace Sway.Storage;

/// <summary>
/// Reactions received, one partition per receiving account (<c>network|accountId</c>), newest first
/// (RowKey = inverted ticks of the time, then the event id). Keys derive from the event, so writing the same
/// activity twice stores it once. Each reaction is also written by sender (<see cref="StorageNames.SentTable"/>), what
/// a sender review reads: <see cref="SentBuckets"/> partitions per network (most senders send once or twice, so a
/// partition per sender would cost a transaction per reaction), RowKey = sender, then inverted ticks and event id, so
/// one sender's reactions in a window are one range query. Both are sharded tables
/// (<see cref="StorageNames.ShardedTables"/>): a partition lives in the shard its key hashes to.
/// </summary>
public sealed class InteractionStore(SwayStorage storage, StorageRetry retry, IOptions<StorageOptions> options)
{
    /// <summary>
    /// Partitions of the by-sender index per network (a bucket of the escaped sender, three hex digits). A replay's chunk
    /// of 50,000 reactions still writes about 49 per transaction, and a partition stays small: the full Higgs replay puts
    /// about 550 rows in each, where Azurite, which looks each written row up by scanning its partition, slowed down with
    /// the 8,800 that the earlier 64 partitions held (<see cref="LayoutMigration"/> moves those).
    /// </summary>
    public const int SentBuckets = 1024;

    private readonly int _parallelism = options.Value.WriteParallelism;

    /// <summary>Stores the reactions by receiver, then by sender; returns how many were written by receiver.</summary>
    public async Task<int> WriteAsync(IEnumerable<Interaction> interactions, CancellationToken cancellationToken)
    {
        var list = interactions as IReadOnlyCollection<Interaction> ?? [.. interactions];
        var written = await PartitionedWriter.UpsertAsync(Received, list.Select(ToEntity), _parallelism, cancellationToken, retry: retry);
        await PartitionedWriter.UpsertAsync(BySender, list.Select(ToSentEntity), _parallelism, cancellationToken, retry: retry);
        return written;
    }

    /// <summary>
    /// As <see cref="WriteAsync"/>, for reactions that are almost all new (a bulk load): each transaction is tried as
    /// adds first (<see cref="PartitionedWriter.AddOrReplaceAsync"/>), which on Azurite costs half an upsert's lookups.
    /// </summary>
    public async Task<int> WriteNewAsync(IReadOnlyCollection<Interaction> interactions, CancellationToken cancellationToken)
    {
        var written = await PartitionedWriter.AddOrReplaceAsync(Received, interactions.Select(ToEntity), _parallelism, retry, cancellationToken);
        await PartitionedWriter.AddOrReplaceAsync(BySender, interactions.Select(ToSentEntity), _parallelism, retry, cancellationToken);
        return written;
    }

    /// <summary>The reactions an account sent in (<paramref name="since"/>, <paramref name="asOf"/>], oldest first, as (target, UTC ticks).</summary>
    public async Task<List<(string Target, long Ticks)>> ReadSentAsync(
        string network, string accountId, DateTimeOffset since, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var sender = TableKey.Escape(accountId);
        var partition = SentPartitionOf(network, accountId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {TableKey.Join(sender, InvertedTicks(asOf))} and RowKey lt {TableKey.Join(sender, InvertedTicks(since))}");
        var sent = new List<(string Target, long Ticks)>();
        await foreach (var entity in BySender(partition).QueryAsync<TableEntity>(filter, select: ["Target", "OccurredAt"], cancellationToken: cancellationToken))
        {
            sent.Add((entity.GetString("Target"), (entity.GetDateTimeOffset("OccurredAt") ?? throw new InvalidDataException($"Sent reaction {entity.RowKey} has no time.")).UtcTicks));
        }

        sent.Reverse();
        return sent;
    }

    /// <summary>The reactions an account received in (<paramref name="since"/>, <paramref name="asOf"/>], newest first.</summary>
    public async IAsyncEnumerable<Interaction> ReadReceivedAsync(
        string network,
        string accountId,
        DateTimeOffset since,
        DateTimeOffset asOf,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = PartitionOf(network, accountId);
        var from = InvertedTicks(asOf);
        var to = InvertedTicks(since);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var entity in Received(partition).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    /// <summary>Deletes every reaction the account received, and their rows in the by-sender index; returns how many.</summary>
    public async Task<int> DeleteReceivedAsync(string network, string accountId, CancellationToken cancellationToken)
    {
        var partition = PartitionOf(network, accountId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        var received = new List<TableEntity>();
        await foreach (var entity in Received(partition).QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Actor"], cancellationToken: cancellationToken))
        {
            received.Add(entity);
        }

        // RowKey = inverted ticks | escaped event id, the same two parts that follow the sender in the by-sender row.
        var bySender = received.Select(r => new TableEntity(SentPartitionOf(network, r.GetString("Actor")), TableKey.Join(TableKey.Escape(r.GetString("Actor")), r.RowKey)));
        await PartitionedWriter.ApplyToExistingAsync(BySender, bySender, TableTransactionActionType.Delete, _parallelism, cancellationToken);
        await PartitionedWriter.ApplyToExistingAsync(Received, received, TableTransactionActionType.Delete, _parallelism, cancellationToken);
        return received.Count;
    }

    /// <summary>
    /// Puts <paramref name="pseudonym"/> in place of the account as the sender of every reaction it sent: in the
    /// receivers' rows and in the by-sender index (rows moved to the pseudonym's). Returns the receivers, one entry
    /// per reaction.
    /// </summary>
    public async Task<IReadOnlyList<string>> PseudonymiseSentAsync(string network, string accountId, string pseudonym, CancellationToken cancellationToken)
    {
        var sender = TableKey.Escape(accountId);
        var partition = SentPartitionOf(network, accountId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {TableKey.Join(sender, "")} and RowKey lt {sender + (char)(TableKey.Separator + 1)}");
        var sent = new List<TableEntity>();
        await foreach (var entity in BySender(partition).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            sent.Add(entity);
        }

        var receivedKey = (TableEntity row) => row.RowKey[(sender.Length + 1)..];
        var receivers = sent.Select(r => new TableEntity(PartitionOf(network, r.GetString("Target")), receivedKey(r)) { ["Actor"] = pseudonym });
        await PartitionedWriter.ApplyToExistingAsync(Received, receivers, TableTransactionActionType.UpdateMerge, _parallelism, cancellationToken);
        var moved = sent.Select(r => new TableEntity(SentPartitionOf(network, pseudonym), TableKey.Join(TableKey.Escape(pseudonym), receivedKey(r)))
        {
            ["Target"] = r.GetString("Target"),
            ["Type"] = r.GetString("Type"),
            ["OccurredAt"] = r.GetDateTimeOffset("OccurredAt"),
        });
        await PartitionedWriter.UpsertAsync(BySender, moved, _parallelism, cancellationToken, retry: retry);
        await PartitionedWriter.ApplyToExistingAsync(BySender, sent, TableTransactionActionType.Delete, _parallelism, cancellationToken);
        return [.. sent.Select(r => r.GetString("Target"))];
    }

    /// <summary>The table (shard, account) of Interactions that holds a receiver's partition.</summary>
    private TableClient Received(string partitionKey) => storage.Interactions.Of(partitionKey);

    /// <summary>The table (shard, account) of Sent that holds a by-sender partition.</summary>
    private TableClient BySender(string partitionKey) => storage.Sent.Of(partitionKey);

    public static string PartitionOf(string network, string accountId) => TableKey.Join(network, TableKey.Escape(accountId));

    /// <summary>
    /// The RowKey of a received reaction, the order an account's reactions are read in: newest first, then by event id.
    /// A bulk replay that holds what it stored sorts by it to see what a read would return.
    /// </summary>
    public static string ReceivedKey(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return TableKey.Join(InvertedTicks(interaction.OccurredAt), TableKey.Escape(interaction.EventId));
    }

    /// <summary>The RowKey of a reaction in the by-sender index: the sender, then as <see cref="ReceivedKey"/>.</summary>
    public static string SentKey(Interaction interaction) =>
        TableKey.Join(TableKey.Escape(interaction.ActorId), ReceivedKey(interaction));

    internal static TableEntity ToEntity(Interaction interaction) =>
        new(PartitionOf(interaction.Network, interaction.TargetId), ReceivedKey(interaction))
        {
            ["EventId"] = interaction.EventId,
            ["Network"] = interaction.Network,
            ["Actor"] = interaction.ActorId,
            ["Target"] = interaction.TargetId,
            ["Type"] = interaction.Type.ToString(),
            ["PostId"] = interaction.PostId,
            ["OccurredAt"] = interaction.OccurredAt,
        };

    internal static string SentPartitionOf(string network, string accountId) => SentPartition(network, TableKey.Escape(accountId));

    /// <summary>The current partition of a by-sender row, from its keys: the network and the escaped sender its RowKey begins with.</summary>
    internal static string SentPartitionOfRow(TableEntity row) =>
        SentPartition(row.PartitionKey[..row.PartitionKey.LastIndexOf(TableKey.Separator)], row.RowKey[..row.RowKey.IndexOf(TableKey.Separator, StringComparison.Ordinal)]);

    private static string SentPartition(string network, string escapedSender) =>
        TableKey.Join(network, TableKey.Bucket(escapedSender, SentBuckets).ToString("x3", CultureInfo.InvariantCulture));

    internal static TableEntity ToSentEntity(Interaction interaction) =>
        new(SentPartitionOf(interaction.Network, interaction.ActorId), SentKey(interaction))
        {
            ["Target"] = interaction.TargetId,
            ["Type"] = interaction.Type.ToString(),
            ["OccurredAt"] = interaction.OccurredAt,
        };

    private static Interaction FromEntity(TableEntity entity) => new(
        entity.GetString("EventId"),
        entity.GetString("Network"),
        entity.GetString("Actor"),
        entity.GetString("Target"),
        Enum.Parse<InteractionType>(entity.GetString("Type")),
        entity.GetString("PostId"),
        entity.GetDateTimeOffset("OccurredAt") ?? throw new InvalidDataException($"Interaction {entity.RowKey} has no time."));

    /// <summary>Newest-first ordering key (Microsoft's log-tail pattern).</summary>
    internal static string InvertedTicks(DateTimeOffset at) =>
        (DateTime.MaxValue.Ticks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
