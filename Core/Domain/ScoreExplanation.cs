namespace Sway.Domain;

/// <summary>
/// Why a score is what it is. <see cref="Baseline"/> plus the points of every component add up to the score exactly;
/// posts and amplifiers carry their share of the reaction weight (shares of each list sum to at most 1).
/// </summary>
public sealed record ScoreExplanation(
    int Baseline,
    IReadOnlyList<ScoreComponent> Components,
    IReadOnlyList<PostContribution> TopPosts,
    IReadOnlyList<Amplifier> Amplifiers,
    int Reactions,
    int Reactors,
    double Weight)
{
    /// <summary>Of the points, how many came from reactors' standing above the floor every reactor has (model 2.0).</summary>
    public StandingContribution? Standing { get; init; }

    /// <summary>Reactors whose reactions counted less because they behave like bots or a ring (model 2.0), and why.</summary>
    public DiscountedReactors? Discounted { get; init; }

    public static ScoreExplanation Empty { get; } = new(1, [], [], [], 0, 0, 0);
}

/// <summary>The part of a score that one kind of reaction on one network earned.</summary>
public sealed record ScoreComponent(string Network, InteractionType Type, int Points, double Share, int Reactions);

/// <summary>A post whose reactions contributed to the score.</summary>
public sealed record PostContribution(string Network, string PostId, double Share, int Reactions);

/// <summary>An account whose reactions contributed to the score.</summary>
public sealed record Amplifier(string Network, string AccountId, double Share, int Reactions)
{
    /// <summary>The amplifier's own standing when it reacted, in multiples of its network's norm (model 2.0).</summary>
    public double? Standing { get; init; }

    /// <summary>How far its reactions were trusted, when less than fully (model 2.0).</summary>
    public double? Trust { get; init; }
}

/// <summary>
/// The part of a score that came from who reacted: the points and share of the reaction weight above what the same
/// reactions would weigh if every reactor had no standing.
/// </summary>
public sealed record StandingContribution(int Points, double Share);

/// <summary>Reactors whose reactions were discounted, how many reactions they sent, and the main reasons.</summary>
public sealed record DiscountedReactors(int Reactors, int Reactions, IReadOnlyList<string> Reasons);
