using Sway.Domain;

namespace Sway.Scoring;

/// <summary>
/// An account described by aggregate figures instead of events (the model's second input path): reactions received
/// by type (counts or rates over a fixed period), distinct reactors where known, and audience figures as secondary
/// signals. What the account sends or posts is carried for completeness and earns nothing by itself.
/// </summary>
public sealed record AccountFigures(
    string Network,
    IReadOnlyDictionary<InteractionType, double> Received,
    double? DistinctReactors,
    double Followers,
    double Following,
    double Listed,
    double Posts,
    IReadOnlyDictionary<InteractionType, double> Sent)
{
    /// <summary>Undocumented network figures some datasets supply (the influencer pairs carry three); not used unless a model says so.</summary>
    public IReadOnlyList<double> NetworkFeatures { get; init; } = [];
}
