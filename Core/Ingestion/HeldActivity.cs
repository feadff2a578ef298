using Sway.Domain;
using Sway.Storage;

namespace Sway.Ingestion;

/// <summary>
/// What a bulk replay has stored of one network, held in memory and read back as storage would return it: each
/// account's received reactions (one per <see cref="InteractionStore.ReceivedKey"/>, newest first) and each sender's
/// sent ones (one per <see cref="InteractionStore.SentKey"/>). Keys are the stored rows' own, so an event stored twice is
/// held once, as it is stored once.
/// </summary>
public sealed class HeldActivity
{
    private readonly Dictionary<string, Dictionary<string, Interaction>> _received = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Interaction>> _sent = new(StringComparer.Ordinal);

    /// <summary>Holds a stored interaction (the last of the same row wins, as an upsert does).</summary>
    public void Add(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        Rows(_received, interaction.TargetId)[InteractionStore.ReceivedKey(interaction)] = interaction;
        Rows(_sent, interaction.ActorId)[InteractionStore.SentKey(interaction)] = interaction;
    }

    /// <summary>What <see cref="InteractionStore.ReadReceivedAsync"/> returns: reactions in (<paramref name="since"/>, <paramref name="asOf"/>], newest first.</summary>
    public List<Interaction> Received(string accountId, DateTimeOffset since, DateTimeOffset asOf) =>
        _received.TryGetValue(accountId, out var rows)
            ? [.. rows.Where(r => r.Value.OccurredAt > since && r.Value.OccurredAt <= asOf).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value)]
            : [];

    /// <summary>What <see cref="InteractionStore.ReadSentAsync"/> returns: reactions sent in (<paramref name="since"/>, <paramref name="asOf"/>], oldest first.</summary>
    public List<(string Target, long Ticks)> Sent(string accountId, DateTimeOffset since, DateTimeOffset asOf)
    {
        if (!_sent.TryGetValue(accountId, out var rows))
        {
            return [];
        }

        List<(string Target, long Ticks)> sent = [.. rows
            .Where(r => r.Value.OccurredAt > since && r.Value.OccurredAt <= asOf)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (r.Value.TargetId, r.Value.OccurredAt.UtcTicks))];
        sent.Reverse();
        return sent;
    }

    private static Dictionary<string, Interaction> Rows(Dictionary<string, Dictionary<string, Interaction>> index, string accountId)
    {
        if (!index.TryGetValue(accountId, out var rows))
        {
            rows = new Dictionary<string, Interaction>(StringComparer.Ordinal);
            index[accountId] = rows;
        }

        return rows;
    }
}
