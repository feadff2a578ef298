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
    public static ScoreExplanation Empty { get; } = new(1, [], [], [], 0, 0, 0);
}

/// <summary>The part of a score that one kind of reaction on one network earned.</summary>
public sealed record ScoreComponent(string Network, InteractionType Type, int Points, double Share, int Reactions);

/// <summary>A post whose reactions contributed to the score.</summary>
public sealed record PostContribution(string Network, string PostId, double Share, int Reactions);

/// <summary>An account whose reactions contributed to the score.</summary>
public sealed record Amplifier(string Network, string AccountId, double Share, int Reactions);
