using Sway.Domain;
using Sway.Storage;

namespace Sway.Api;

/// <summary>The public shape of a score lookup.</summary>
public sealed record ScoreView(
    string ProfileId,
    int Score,
    string ModelVersion,
    DateTimeOffset AsOf,
    DateTimeOffset ComputedAt,
    IReadOnlyList<LinkedAccount> Accounts,
    ScoreExplanation Explanation)
{
    public static ScoreView Of(Profile profile, ScoreResult score) =>
        new(profile.Id, score.Score, score.ModelVersion, score.AsOf, score.ComputedAt, profile.Accounts, score.Explanation);

    public static ScoreView Of(string profileId, ScoredProfile scored) =>
        new(profileId, scored.Score.Score, scored.Score.ModelVersion, scored.Score.AsOf, scored.Score.ComputedAt, scored.Accounts, scored.Score.Explanation);
}
