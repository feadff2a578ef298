using Sway.Domain;
using Sway.Scoring;

namespace Sway.Evaluation;

/// <summary>
/// One figure of an account that a fitted score can use, by name. <see cref="Plain"/> are the signals the aggregate
/// path of model 2.0 may earn from (what the event pipeline can also compute); <see cref="Derived"/> are ratios of
/// them that stay defensible (each earns more as the ratio grows); <see cref="Reference"/> adds the figures that
/// must earn nothing by themselves (what an account sends or posts, and the undocumented network features), used
/// only to measure an unconstrained ceiling.
/// </summary>
public sealed record PairSignal(string Name, Func<AccountFigures, double> Of)
{
    /// <summary>Reposts received.</summary>
    public static PairSignal Amplification { get; } = new("amplification", f => f.Received.GetValueOrDefault(InteractionType.Repost));

    /// <summary>Mentions received.</summary>
    public static PairSignal Conversation { get; } = new("conversation", f => f.Received.GetValueOrDefault(InteractionType.Mention));

    public static PairSignal Followers { get; } = new("followers", f => f.Followers);

    public static PairSignal Listed { get; } = new("listed", f => f.Listed);

    /// <summary>Lists per follower (0 without followers): how often an audience files the account as a source.</summary>
    public static PairSignal ListedPerFollower { get; } = new("listed_per_follower", f => f.Followers > 0 ? f.Listed / f.Followers : 0);

    /// <summary>Mentions and reposts received per post (0 without posts): the engagement rate.</summary>
    public static PairSignal ReactionsPerPost { get; } = new(
        "reactions_per_post",
        f => f.Posts > 0 ? (f.Received.GetValueOrDefault(InteractionType.Mention) + f.Received.GetValueOrDefault(InteractionType.Repost)) / f.Posts : 0);

    /// <summary>Mentions and reposts received per follower (0 without followers): the engagement rate of the audience.</summary>
    public static PairSignal ReactionsPerFollower { get; } = new(
        "reactions_per_follower",
        f => f.Followers > 0 ? (f.Received.GetValueOrDefault(InteractionType.Mention) + f.Received.GetValueOrDefault(InteractionType.Repost)) / f.Followers : 0);

    /// <summary>The four signals model 2.0's aggregate path earns from.</summary>
    public static IReadOnlyList<PairSignal> Plain { get; } = [Amplification, Conversation, Followers, Listed];

    /// <summary>Defensible ratios of the plain signals, reported apart from them.</summary>
    public static IReadOnlyList<PairSignal> Derived { get; } = [ListedPerFollower, ReactionsPerPost, ReactionsPerFollower];

    /// <summary>All eleven figures of the influencer pairs, for an unconstrained reference only.</summary>
    public static IReadOnlyList<PairSignal> Reference { get; } =
    [
        Followers, new("following", f => f.Following), Listed, Conversation, Amplification,
        new("mentions_sent", f => f.Sent.GetValueOrDefault(InteractionType.Mention)),
        new("reposts_sent", f => f.Sent.GetValueOrDefault(InteractionType.Repost)),
        new("posts", f => f.Posts),
        new("network_feature_1", f => NetworkFeature(f, 0)),
        new("network_feature_2", f => NetworkFeature(f, 1)),
        new("network_feature_3", f => NetworkFeature(f, 2)),
    ];

    private static double NetworkFeature(AccountFigures f, int index) => index < f.NetworkFeatures.Count ? f.NetworkFeatures[index] : 0;
}
