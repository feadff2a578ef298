using Sway.Domain;
using Sway.Privacy;

namespace Sway.Ingestion;

/// <summary>
/// The rules at the door, one place for the puller and the bulk replay: which interactions of a batch are stored, how
/// their senders are kept, and the profile an enrolling source gives a receiver it meets.
/// </summary>
public sealed class ActivityAdmission(AccountPseudonym pseudonyms, TimeProvider clock)
{
    /// <summary>
    /// The interactions of a batch that may be stored: on the source's network, not an account reacting to itself, not
    /// received by an erased account (<paramref name="erased"/>: the pseudonyms of the network's tombstones).
    /// </summary>
    public List<Interaction> Candidates(Network network, IEnumerable<Interaction> batch, IReadOnlySet<string> erased) =>
        [.. batch
            .Where(i => i.ActorId != i.TargetId && i.Network == network.Name)
            .Where(i => erased.Count == 0 || !erased.Contains(pseudonyms.Of(network.Name, i.TargetId)))];

    /// <summary>
    /// The privacy rule for a stored interaction: on a live network, a sender who has not linked the account
    /// (<paramref name="linkedSenders"/> lacks it) is stored only under its pseudonym, and every event id only as its
    /// keyed hash (the networks' ids embed reactors' ids); on any network, an erased account is kept as a sender only
    /// under its pseudonym (an opted-out account's reactions to others count, but only pseudonymously).
    /// </summary>
    /// <param name="network">The interaction's network.</param>
    /// <param name="interaction">The interaction.</param>
    /// <param name="linkedSenders">On a live network, the senders that linked their account (null elsewhere).</param>
    /// <param name="erased">The pseudonyms of the network's tombstones.</param>
    public Interaction Kept(Network network, Interaction interaction, IReadOnlyDictionary<string, string>? linkedSenders, IReadOnlySet<string> erased)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(interaction);
        var kept = network.IsLive ? interaction with { EventId = pseudonyms.OfEvent(network.Name, interaction.EventId) } : interaction;
        return (linkedSenders is not null && !linkedSenders.ContainsKey(interaction.ActorId)) || (erased.Count > 0 && erased.Contains(pseudonyms.Of(network.Name, interaction.ActorId)))
            ? kept with { ActorId = pseudonyms.Of(network.Name, interaction.ActorId) }
            : kept;
    }

    /// <summary>
    /// A profile for an account an enrolling source met. A dataset's profile is dated by its first reaction in the
    /// batch that enrolled it (<paramref name="batch"/>), so that replaying the same file stores the same row whenever
    /// it runs; a live one, now.
    /// </summary>
    public Profile Enroll(IActivitySource source, string accountId, IEnumerable<Interaction> batch)
    {
        ArgumentNullException.ThrowIfNull(source);
        var origin = source.Network.IsReplay ? ProfileOrigin.Dataset : ProfileOrigin.Demo;
        var createdAt = source.Network.IsReplay
            ? batch.Where(i => i.TargetId == accountId).Min(i => i.OccurredAt)
            : clock.GetUtcNow();
        return new Profile(ProfileId.ForAccount(source.Network.Name, accountId), [source.Describe(accountId)], origin, createdAt);
    }
}
