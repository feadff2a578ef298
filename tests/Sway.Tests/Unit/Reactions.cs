using System.Globalization;
using Sway.Domain;

namespace Sway.Tests.Unit;

/// <summary>Builds the reactions that scoring tests feed to the model.</summary>
internal static class Reactions
{
    public const string Me = "me";

    public static readonly DateTimeOffset AsOf = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The scored profile: the account <see cref="Me"/> on Mastodon.</summary>
    public static readonly Profile MyProfile = new("p", [new LinkedAccount("mastodon", Me, "me")], ProfileOrigin.Linked, AsOf);

    public static Interaction Received(
        string actor,
        InteractionType type,
        DateTimeOffset at,
        string? post = "p1",
        string network = "mastodon",
        string target = Me) =>
        new(
            string.Create(CultureInfo.InvariantCulture, $"{network}-{actor}-{target}-{type}-{post}-{at.UtcTicks}"),
            network,
            actor,
            target,
            type,
            post,
            at);

    /// <summary>
    /// A random but reproducible mix: two networks, a pool of reactors (some very active), every kind of reaction,
    /// some posts, and noise the model must ignore (self-reactions, reactions outside the window or in the future).
    /// </summary>
    public static List<Interaction> RandomPopulation(int seed)
    {
        var random = new Random(seed);
        var types = Enum.GetValues<InteractionType>();
        var networks = new[] { "mastodon", "bluesky" };
        var reactors = random.Next(1, 40);
        var count = random.Next(1, 300);
        var list = new List<Interaction>(count);
        for (var i = 0; i < count; i++)
        {
            var actor = random.NextDouble() < 0.05
                ? Me
                : "a" + random.Next(reactors).ToString(CultureInfo.InvariantCulture);
            var at = random.NextDouble() < 0.05
                ? AsOf + TimeSpan.FromHours(random.Next(1, 48))
                : AsOf - TimeSpan.FromMinutes(random.Next(0, 100 * 24 * 60));
            var post = random.NextDouble() < 0.2 ? null : "p" + random.Next(8).ToString(CultureInfo.InvariantCulture);
            list.Add(Received(actor, types[random.Next(types.Length)], at, post, networks[random.Next(networks.Length)]));
        }

        return list;
    }
}
