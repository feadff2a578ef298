using System.Globalization;
using Sway.Domain;

namespace Sway.Tests.Unit;

/// <summary>
/// The reactions a very large account receives in the model's window, generated on the fly and never held: a profile
/// with an account on Mastodon and one on Bluesky, ten posts a day on each, reactors drawn log-uniformly from a pool of
/// a fifth as many as the reactions (so a few react thousands of times, most once or twice), mostly likes, some without
/// a post. Every record gets strings of its own, as one read from storage does. Shared with the benchmark
/// (<c>bench/Sway.Bench/LargeAccountBenchmark.cs</c>).
/// </summary>
internal static class CelebrityAudience
{
    public static readonly DateTimeOffset AsOf = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private const int PostsPerDay = 10;
    private static readonly (string Network, string AccountId)[] Accounts = [("mastodon", "star"), ("bluesky", "star.bsky.social")];

    public static Profile Profile { get; } = new("celebrity", [.. Accounts.Select(a => new LinkedAccount(a.Network, a.AccountId, a.AccountId))], ProfileOrigin.Linked, AsOf);

    /// <summary><paramref name="count"/> reactions inside the 90-day window before <see cref="AsOf"/>, the same for the same seed.</summary>
    public static IEnumerable<Interaction> Reactions(int count, int seed, TimeSpan window)
    {
        var random = new Random(seed);
        var pool = Math.Max(100, count / 5);
        for (var i = 0; i < count; i++)
        {
            var reactor = (int)Math.Pow(pool, random.NextDouble()) - 1;
            var (network, target) = Accounts[reactor % 3 == 0 ? 1 : 0];
            var age = TimeSpan.FromTicks((long)(random.NextDouble() * (window.Ticks - 1)));
            var at = AsOf - age;
            var roll = random.NextDouble();
            var type = roll switch
            {
                < 0.60 => InteractionType.Like,
                < 0.80 => InteractionType.Repost,
                < 0.90 => InteractionType.Reply,
                < 0.95 => InteractionType.Quote,
                _ => InteractionType.Mention,
            };

            // A reaction goes to a post published before it, most often a recent one.
            var published = (int)((window - age).TotalDays * PostsPerDay) - (int)(random.NextDouble() * random.NextDouble() * 50);
            var post = type == InteractionType.Mention ? null : string.Create(CultureInfo.InvariantCulture, $"{target}/post/{Math.Max(0, published)}");
            var actor = string.Create(CultureInfo.InvariantCulture, $"reactor{reactor}.{network}");
            var eventId = string.Create(CultureInfo.InvariantCulture, $"{network}-{actor}-{type}-{i}");
            yield return new Interaction(eventId, new string(network), actor, new string(target), type, post, at);
        }
    }
}
