using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Sway.Domain;

namespace Sway.Storage;

/// <summary>
/// Reactions received, one partition per receiving account (<c>network|accountId</c>), newest first
/// (RowKey = inverted ticks of the time, then the event id). Keys derive from the event, so writing the same
/// activity twice stores it once.
/// </summary>
public sealed class InteractionStore(SwayStorage storage, StorageRetry retry, IOptions<StorageOptions> options)
{
    private readonly int _parallelism = options.Value.WriteParallelism;

    public Task<int> WriteAsync(IEnumerable<Interaction> interactions, CancellationToken cancellationToken) =>
        PartitionedWriter.UpsertAsync(storage.Interactions, interactions.Select(ToEntity), _parallelism, cancellationToken, retry: retry);

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
        await foreach (var entity in storage.Interactions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    public static string PartitionOf(string network, string accountId) => TableKey.Join(network, TableKey.Escape(accountId));

    internal static TableEntity ToEntity(Interaction interaction) =>
        new(PartitionOf(interaction.Network, interaction.TargetId), TableKey.Join(InvertedTicks(interaction.OccurredAt), TableKey.Escape(interaction.EventId)))
        {
            ["EventId"] = interaction.EventId,
            ["Network"] = interaction.Network,
            ["Actor"] = interaction.ActorId,
            ["Target"] = interaction.TargetId,
            ["Type"] = interaction.Type.ToString(),
            ["PostId"] = interaction.PostId,
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
