using System.Globalization;
using System.Text;
using Sway.Domain;
using Sway.Evaluation;
using Sway.Scoring;

namespace Sway.Tests.Unit;

/// <summary>Judged pairs made up from a known rule, for fitting tests: accounts with log-uniform figures, judged by a known score.</summary>
internal static class SyntheticPairs
{
    /// <summary>An account whose every figure is drawn log-uniformly between 1 and 10^6 (so figures are all distinct).</summary>
    public static AccountFigures Account(Random random) => new(
        "twitter",
        new Dictionary<InteractionType, double> { [InteractionType.Mention] = Figure(random), [InteractionType.Repost] = Figure(random) },
        DistinctReactors: null,
        Followers: Figure(random),
        Following: Figure(random),
        Listed: Figure(random),
        Posts: Figure(random),
        Sent: new Dictionary<InteractionType, double> { [InteractionType.Mention] = Figure(random), [InteractionType.Repost] = Figure(random) })
    {
        NetworkFeatures = [Figure(random), Figure(random), Figure(random)],
    };

    /// <summary>
    /// <paramref name="count"/> pairs judged "A" with probability σ(truth(A) − truth(B)), or, without a truth, by a
    /// coin flip (pure noise).
    /// </summary>
    public static List<InfluencerPair> Generate(int count, int seed, Func<AccountFigures, double>? truth)
    {
        var random = new Random(seed);
        var pairs = new List<InfluencerPair>(count);
        for (var i = 0; i < count; i++)
        {
            var a = Account(random);
            var b = Account(random);
            var probability = truth is null ? 0.5 : 1 / (1 + Math.Exp(truth(b) - truth(a)));
            pairs.Add(new InfluencerPair(i + 2, random.NextDouble() < probability, a, b));
        }

        return pairs;
    }

    /// <summary>The pairs as an influencer-pairs CSV.</summary>
    public static string Csv(IEnumerable<InfluencerPair> pairs)
    {
        var csv = new StringBuilder(InfluencerPairsFile.Header).Append('\n');
        foreach (var p in pairs)
        {
            csv.Append(p.AJudgedMoreInfluential ? '1' : '0');
            foreach (var account in new[] { p.A, p.B })
            {
                double[] figures =
                [
                    account.Followers, account.Following, account.Listed, account.Received[InteractionType.Mention], account.Received[InteractionType.Repost],
                    account.Sent[InteractionType.Mention], account.Sent[InteractionType.Repost], account.Posts, .. account.NetworkFeatures,
                ];
                foreach (var figure in figures)
                {
                    csv.Append(',').Append(figure.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static double Figure(Random random) => Math.Round(Math.Pow(10, 6 * random.NextDouble()), 3);
}
