using Sway.Domain;
using Sway.Evaluation;

namespace Sway.Tests.Unit;

/// <summary>The influencer-pairs CSV: the real file reads whole, and a malformed line is refused naming it.</summary>
public sealed class InfluencerPairsFileTests
{
    [Fact]
    public void The_shared_pairs_file_reads_as_3500_judged_pairs_of_twitter_accounts()
    {
        var pairs = InfluencerPairsFile.Read(SharedData.Require(Path.Combine("influencer-pairs", "pairs.csv")));

        Assert.Equal(3500, pairs.Count);
        var first = pairs[0];
        Assert.True(first.AJudgedMoreInfluential);
        Assert.Equal((298668.0, 6209.0), (first.A.Followers, first.A.Listed));
        Assert.Equal(493.256379358, first.A.Received[InteractionType.Mention], 9);
        Assert.Equal(206.660552171, first.A.Received[InteractionType.Repost], 9);
        Assert.Equal(3, first.B.NetworkFeatures.Count);
        Assert.All(pairs, p => Assert.Equal("twitter", p.A.Network));
    }

    [Theory]
    [InlineData("Choice,nope\n1,2\n", "first line")]
    [InlineData("{header}\n1,2,3\n", "line 2")]
    [InlineData("{header}\n2" + ",1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n", "line 2: Choice")]
    [InlineData("{header}\n1" + ",1,1,1,1,-1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n", "line 2: '-1'")]
    [InlineData("{header}\n", "no pairs")]
    public void A_malformed_file_is_refused_naming_the_line(string text, string named)
    {
        using var reader = new StringReader(text.Replace("{header}", InfluencerPairsFile.Header, StringComparison.Ordinal));

        var error = Assert.Throws<FormatException>(() => InfluencerPairsFile.Read(reader, "pairs.csv"));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
