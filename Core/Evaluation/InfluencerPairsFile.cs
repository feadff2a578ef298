using System.Globalization;
using Sway.Domain;
using Sway.Scoring;

namespace Sway.Evaluation;

/// <summary>
/// Reads the influencer-pairs CSV (the 2013 "Influencers in Social Networks" format): <c>Choice</c>, then for A and
/// B each follower_count, following_count, listed_count, mentions_received, retweets_received, mentions_sent,
/// retweets_sent, posts and three network features. Mentions and retweets received map to the aggregate path's
/// mentions and reposts received; the accounts are Twitter accounts.
/// </summary>
public static class InfluencerPairsFile
{
    private static readonly string[] Figures =
    [
        "follower_count", "following_count", "listed_count", "mentions_received", "retweets_received",
        "mentions_sent", "retweets_sent", "posts", "network_feature_1", "network_feature_2", "network_feature_3",
    ];

    /// <summary>The header line the file starts with.</summary>
    public static string Header { get; } = "Choice," + string.Join(',', Figures.Select(f => "A_" + f).Concat(Figures.Select(f => "B_" + f)));

    public static IReadOnlyList<InfluencerPair> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<InfluencerPair> Read(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var expected = Header;
        var header = reader.ReadLine();
        if (header?.Trim() != expected)
        {
            throw new FormatException($"{name}: the first line is not the influencer-pairs header ({expected}).");
        }

        var pairs = new List<InfluencerPair>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != 1 + (2 * Figures.Length))
            {
                throw new FormatException($"{name}, line {lineNumber}: {cells.Length} values; a pair has {1 + (2 * Figures.Length)}.");
            }

            var values = new double[cells.Length];
            for (var i = 0; i < cells.Length; i++)
            {
                if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || values[i] < 0 || !double.IsFinite(values[i]))
                {
                    throw new FormatException($"{name}, line {lineNumber}: '{cells[i]}' is not a non-negative number.");
                }
            }

            if (values[0] is not (0 or 1))
            {
                throw new FormatException($"{name}, line {lineNumber}: Choice is 1 (A) or 0 (B), not '{cells[0]}'.");
            }

            pairs.Add(new InfluencerPair(lineNumber, values[0] == 1, Account(values.AsSpan(1, Figures.Length)), Account(values.AsSpan(1 + Figures.Length, Figures.Length))));
        }

        return pairs.Count > 0 ? pairs : throw new FormatException($"{name}: no pairs after the header.");
    }

    private static AccountFigures Account(ReadOnlySpan<double> v) => new(
        "twitter",
        new Dictionary<InteractionType, double> { [InteractionType.Mention] = v[3], [InteractionType.Repost] = v[4] },
        DistinctReactors: null,
        Followers: v[0],
        Following: v[1],
        Listed: v[2],
        Posts: v[7],
        Sent: new Dictionary<InteractionType, double> { [InteractionType.Mention] = v[5], [InteractionType.Repost] = v[6] })
    {
        NetworkFeatures = [v[8], v[9], v[10]],
    };
}
