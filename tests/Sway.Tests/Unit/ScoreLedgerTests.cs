using System.Globalization;
using System.Text.Json;
using Sway.Domain;
using Sway.Scoring;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>
/// The streaming ledger (issue 16): it holds no reaction, yet explains a score exactly as holding every reaction did
/// (<see cref="ListLedger"/>, the scoring before it), and a very large account scores in a fraction of the memory its
/// reactions take.
/// </summary>
public sealed class ScoreLedgerTests
{
    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public void The_streamed_ledger_explains_exactly_what_holding_every_reaction_did(string version)
    {
        var model = ScoreModels.Get(version);
        var profile = MyProfile with { Accounts = [.. MyProfile.Accounts, new LinkedAccount("bluesky", Me, "me.bsky.social")] };
        var compared = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            // Reactions to the profile's two accounts, and some to an account it does not link (they count too).
            var received = RandomPopulation(seed).Select(i => random.NextDouble() < 0.1 ? i with { TargetId = "someone" } : i).ToList();
            var statuses = RandomStatuses(received, random);

            var expected = ListLedger.Build(model, profile, received, AsOf, statuses).Close(profile, AsOf, AsOf);
            var actual = model.Evaluate(profile, received, AsOf, AsOf, statuses);

            Assert.Equal(Json(expected), Json(actual));
            compared += expected.Result.Explanation.Reactions > 0 ? 1 : 0;
        }

        Assert.True(compared > 250, $"only {compared} of 300 populations had a reaction that counted");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_large_account_streamed_is_explained_exactly_as_holding_its_reactions_did(int seed)
    {
        var model = ScoreModels.Get("2.0");
        var received = CelebrityAudience.Reactions(30_000, seed, model.Window).ToList();
        var statuses = RandomStatuses(received, new Random(seed));

        var expected = ListLedger.Build(model, CelebrityAudience.Profile, received, CelebrityAudience.AsOf, statuses).Close(CelebrityAudience.Profile, CelebrityAudience.AsOf, CelebrityAudience.AsOf);
        var actual = model.Evaluate(CelebrityAudience.Profile, received, CelebrityAudience.AsOf, CelebrityAudience.AsOf, statuses);

        Assert.Equal(30_000, expected.Result.Explanation.Reactions);
        Assert.Equal(Json(expected), Json(actual));
    }

    [Fact]
    public void A_profile_with_200k_reactions_scores_allocating_under_half_what_holding_them_takes()
    {
        var model = ScoreModels.Get("2.0");
        var (held, scoring, reactions) = Stream(model, CelebrityAudience.Reactions(200_000, 16, model.Window));

        Assert.Equal(200_000, reactions);
        Assert.True(scoring * 2 < held, $"the ledger allocated {scoring:N0} bytes; the 200,000 records take {held:N0}");
    }

    [Fact]
    public void A_bot_target_scores_in_memory_bounded_by_its_reactors_and_posts_not_its_reactions()
    {
        var model = ScoreModels.Get("2.0");
        var (_, few, _) = Stream(model, BotReactions(20_000, model.Window));
        var (held, many, reactions) = Stream(model, BotReactions(200_000, model.Window));

        Assert.Equal(200_000, reactions);
        Assert.True(many < 2 * few, $"20,000 reactions: {few:N0} bytes allocated; 200,000: {many:N0}");
        Assert.True(many * 100 < held, $"the ledger allocated {many:N0} bytes; the 200,000 records take {held:N0}");
    }

    /// <summary>
    /// Streams <paramref name="received"/> into a ledger for <see cref="CelebrityAudience.Profile"/> and closes it, counting
    /// this thread's allocations (other tests do not count): what the source allocates (each record with its strings, as
    /// storage does) is what a list would hold; what the ledger allocates, garbage included, bounds what it holds.
    /// </summary>
    private static (long Held, long Scoring, int Reactions) Stream(ScoreModel model, IEnumerable<Interaction> received)
    {
        var ledger = new ScoreLedger(model, CelebrityAudience.Profile, CelebrityAudience.AsOf, statuses: null);
        var held = 0L;
        var scoring = 0L;
        using var reactions = received.GetEnumerator();
        while (true)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            if (!reactions.MoveNext())
            {
                break;
            }

            var between = GC.GetAllocatedBytesForCurrentThread();
            ledger.Add(reactions.Current);
            scoring += GC.GetAllocatedBytesForCurrentThread() - between;
            held += between - before;
        }

        var closing = GC.GetAllocatedBytesForCurrentThread();
        var workings = ledger.Close(CelebrityAudience.AsOf);
        scoring += GC.GetAllocatedBytesForCurrentThread() - closing;
        TestContext.Current.SendDiagnosticMessage($"{workings.Result.Explanation.Reactions:N0} reactions: ledger allocated {scoring:N0} bytes, records {held:N0} bytes");
        return (held, scoring, workings.Result.Explanation.Reactions);
    }

    /// <summary>Forty accounts reacting again and again to the same 120 posts of the Mastodon account, across the window.</summary>
    private static IEnumerable<Interaction> BotReactions(int count, TimeSpan window)
    {
        var types = Enum.GetValues<InteractionType>();
        for (var i = 0; i < count; i++)
        {
            var bot = "bot" + (i % 40).ToString(CultureInfo.InvariantCulture);
            var post = "star/post/" + (i * 7 % 120).ToString(CultureInfo.InvariantCulture);
            var at = CelebrityAudience.AsOf - (window * ((i + 0.5) / count));
            yield return new Interaction("e" + i.ToString(CultureInfo.InvariantCulture), "mastodon", bot, "star", types[i % types.Length], post, at);
        }
    }

    private static Statuses RandomStatuses(IEnumerable<Interaction> received, Random random)
    {
        var statuses = new Statuses();
        foreach (var actor in received.Select(i => (i.Network, i.ActorId)).Distinct())
        {
            var roll = random.NextDouble();
            statuses[actor] = roll switch
            {
                < 0.05 => new ReactorStatus(0, 0, "reacted to 150 accounts within an hour"),
                < 0.10 => new ReactorStatus(random.NextDouble() * 5, 0.5, random.NextDouble() < 0.5 ? "in a ring" : null),
                < 0.40 => new ReactorStatus(random.NextDouble() * 30, 1, null),
                _ => ReactorStatus.Unknown,
            };
        }

        return statuses;
    }

    private static string Json(ScoreWorkings workings) => JsonSerializer.Serialize(workings, SwayJson.Options);

    private sealed class Statuses : Dictionary<(string, string), ReactorStatus>, IReactorStatuses
    {
        public ReactorStatus Of(string network, string accountId) => TryGetValue((network, accountId), out var status) ? status : ReactorStatus.Unknown;
    }
}
