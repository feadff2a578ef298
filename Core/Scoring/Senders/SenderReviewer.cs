using Sway.Domain;
using Sway.Storage;

namespace Sway.Scoring.Senders;

/// <summary>
/// Reviews stored senders under the model's <see cref="SenderRules"/> (<see cref="SenderReview"/>): what the account
/// sent in the model's window (one partition query on <see cref="StorageNames.SentTable"/>) and who reacted to it
/// (its received partition, unless the caller has read it already), and records the verdict in today's standings.
/// The puller reviews what the senders of every batch it stores sent (<see cref="ReviewSendingAsync"/>: one query
/// each); a scoring reviews the profile's own accounts fully, with the reactions it has just read. A bulk replay, which
/// holds what it stores in memory, applies the same steps (<see cref="BatchSenders"/>, <see cref="ReceivedFrom"/>,
/// <see cref="NeedsReview"/>, <see cref="JudgeSending"/>, <see cref="JudgeProfiled"/>) to what it holds.
/// </summary>
public sealed class SenderReviewer(InteractionStore interactions, StandingStore standings, ScoreModel model)
{
    /// <summary>A sender of at least this many reactions in one stored batch is reviewed at once.</summary>
    public const int ReviewFrom = 5;

    /// <summary>
    /// The senders of a stored batch to review now: those that sent at least <see cref="ReviewFrom"/> of its reactions,
    /// and those the current standings hold a verdict on (so that it can be lifted), in order of first appearance.
    /// </summary>
    public static List<string> BatchSenders(string network, IEnumerable<Interaction> stored, StandingSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return [.. stored.GroupBy(i => i.ActorId, StringComparer.Ordinal)
            .Where(g => g.Count() >= ReviewFrom || current.Of(network, g.Key).Trust < 1)
            .Select(g => g.Key)];
    }

    /// <summary>
    /// A sender of a stored batch: every rule when it has a profile (<paramref name="hasProfile"/>: then who reacted to
    /// it is one more query), else the burst and spray rules (an account without a profile has no stored reactions).
    /// </summary>
    public async Task<SenderVerdict> ReviewSendingAsync(string network, string accountId, DateTimeOffset asOf, bool hasProfile, CancellationToken cancellationToken)
    {
        if (model.Senders.IsNone)
        {
            return SenderVerdict.Trusted;
        }

        if (hasProfile)
        {
            var receivedFrom = new Dictionary<string, int>(StringComparer.Ordinal);
            await foreach (var reaction in interactions.ReadReceivedAsync(network, accountId, asOf - model.Window, asOf, cancellationToken))
            {
                if (IsReceivedFrom(reaction, network, accountId, asOf))
                {
                    receivedFrom[reaction.ActorId] = receivedFrom.GetValueOrDefault(reaction.ActorId) + 1;
                }
            }

            return await ReviewAsync(network, accountId, asOf, receivedFrom, cancellationToken);
        }

        var sending = JudgeSending(accountId, await interactions.ReadSentAsync(network, accountId, asOf - model.Window, asOf, cancellationToken));
        await standings.SaveVerdictAsync(network, accountId, sending, ring: null, await standings.CurrentAsync(cancellationToken), cancellationToken);
        return sending;
    }

    /// <summary>Every rule, for one of a scored profile's accounts.</summary>
    /// <param name="network">The sender's network.</param>
    /// <param name="accountId">The sender.</param>
    /// <param name="asOf">The end of the window reviewed.</param>
    /// <param name="receivedFrom">
    /// How many reactions it received from each reactor in the window, when the caller has counted them while reading:
    /// those <see cref="IsReceivedFrom"/> accepts.
    /// </param>
    /// <param name="cancellationToken">Cancels the review.</param>
    public async Task<SenderVerdict> ReviewAsync(string network, string accountId, DateTimeOffset asOf, IReadOnlyDictionary<string, int> receivedFrom, CancellationToken cancellationToken)
    {
        if (model.Senders.IsNone)
        {
            return SenderVerdict.Trusted;
        }

        ArgumentNullException.ThrowIfNull(receivedFrom);
        var current = await standings.CurrentAsync(cancellationToken);
        if (!NeedsReview(receivedFrom, current.Of(network, accountId)))
        {
            return SenderVerdict.Trusted;
        }

        var (sending, ring) = JudgeProfiled(accountId, await interactions.ReadSentAsync(network, accountId, asOf - model.Window, asOf, cancellationToken), receivedFrom);
        await standings.SaveVerdictAsync(network, accountId, sending, ring, current, cancellationToken);
        return ring.Trust < sending.Trust ? ring : sending;
    }

    /// <summary>Who reacted to the account in the window, and how often (<see cref="IsReceivedFrom"/>).</summary>
    public Dictionary<string, int> ReceivedFrom(string network, string accountId, DateTimeOffset asOf, IEnumerable<Interaction> received)
    {
        ArgumentNullException.ThrowIfNull(received);
        var receivedFrom = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reaction in received.Where(r => IsReceivedFrom(r, network, accountId, asOf)))
        {
            receivedFrom[reaction.ActorId] = receivedFrom.GetValueOrDefault(reaction.ActorId) + 1;
        }

        return receivedFrom;
    }

    /// <summary>Whether <paramref name="reaction"/> counts as received by the account from its reactor: to it, not from itself, in (asOf − window, asOf].</summary>
    public bool IsReceivedFrom(Interaction reaction, string network, string accountId, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(reaction);
        return reaction.Network == network && reaction.TargetId == accountId && reaction.ActorId != accountId
            && reaction.OccurredAt > asOf - model.Window && reaction.OccurredAt <= asOf;
    }

    /// <summary>
    /// Whether an account with a profile needs its sending read: not when it has too few reactors to be in a ring and no
    /// verdict to lift (what it sent is then the puller's to review).
    /// </summary>
    public bool NeedsReview(IReadOnlyDictionary<string, int> receivedFrom, ReactorStatus current)
    {
        ArgumentNullException.ThrowIfNull(receivedFrom);
        ArgumentNullException.ThrowIfNull(current);
        return receivedFrom.Count >= model.Senders.RingPartners || current.Trust < 1;
    }

    /// <summary>The burst and spray rules on what the account sent in the window (oldest first), its own account aside.</summary>
    public SenderVerdict JudgeSending(string accountId, IEnumerable<(string Target, long Ticks)> sent) =>
        SenderReview.AssessSending<string>(model.Senders, [.. sent.Where(s => s.Target != accountId)]);

    /// <summary>Every rule on what the account sent in the window (oldest first) and who reacted to it.</summary>
    public (SenderVerdict Sending, SenderVerdict Ring) JudgeProfiled(string accountId, IEnumerable<(string Target, long Ticks)> sent, IReadOnlyDictionary<string, int> receivedFrom)
    {
        (string Target, long Ticks)[] own = [.. sent.Where(s => s.Target != accountId)];
        return (SenderReview.AssessSending<string>(model.Senders, own), SenderReview.AssessRing<string>(model.Senders, own, receivedFrom));
    }
}
