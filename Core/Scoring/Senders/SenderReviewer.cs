using Sway.Domain;
using Sway.Storage;

namespace Sway.Scoring.Senders;

/// <summary>
/// Reviews stored senders under the model's <see cref="SenderRules"/> (<see cref="SenderReview"/>): what the account
/// sent in the model's window (one partition query on <see cref="StorageNames.SentTable"/>) and who reacted to it
/// (its received partition, unless the caller has counted its reactors while reading it), and records the verdict in today's standings.
/// The puller reviews what the senders of every batch it stores sent (<see cref="ReviewSendingAsync"/>: one query
/// each); a scoring reviews the profile's own accounts fully, with the reactors it counted while reading their reactions.
/// </summary>
public sealed class SenderReviewer(InteractionStore interactions, StandingStore standings, ScoreModel model)
{
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

        var sent = await interactions.ReadSentAsync(network, accountId, asOf - model.Window, asOf, cancellationToken);
        var verdict = SenderReview.AssessSending<string>(model.Senders, [.. sent.Where(s => s.Target != accountId)]);
        await standings.SaveVerdictAsync(network, accountId, verdict, ring: null, await standings.CurrentAsync(cancellationToken), cancellationToken);
        return verdict;
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
        var rules = model.Senders;
        if (rules.IsNone)
        {
            return SenderVerdict.Trusted;
        }

        ArgumentNullException.ThrowIfNull(receivedFrom);
        var since = asOf - model.Window;
        var current = await standings.CurrentAsync(cancellationToken);
        if (receivedFrom.Count < rules.RingPartners && current.Of(network, accountId).Trust >= 1)
        {
            // Too few reactors to be in a ring, and no verdict to lift: what it sent is the puller's to review.
            return SenderVerdict.Trusted;
        }

        var sent = (await interactions.ReadSentAsync(network, accountId, since, asOf, cancellationToken)).Where(s => s.Target != accountId).ToArray();

        var sending = SenderReview.AssessSending<string>(rules, sent);
        var ring = SenderReview.AssessRing<string>(rules, sent, receivedFrom);
        await standings.SaveVerdictAsync(network, accountId, sending, ring, current, cancellationToken);
        return ring.Trust < sending.Trust ? ring : sending;
    }

    /// <summary>Whether <paramref name="reaction"/> counts as received by the account from its reactor: to it, not from itself, in (asOf − window, asOf].</summary>
    public bool IsReceivedFrom(Interaction reaction, string network, string accountId, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(reaction);
        return reaction.Network == network && reaction.TargetId == accountId && reaction.ActorId != accountId
            && reaction.OccurredAt > asOf - model.Window && reaction.OccurredAt <= asOf;
    }
}
