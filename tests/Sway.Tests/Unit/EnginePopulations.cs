using System.Globalization;
using Sway.Domain;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>Populations for the in-memory engine: many targets, built from <see cref="Reactions.RandomPopulation"/>.</summary>
internal static class EnginePopulations
{
    /// <summary>
    /// <see cref="Reactions.RandomPopulation"/>'s mix (two networks, every reaction type, active reactors, self-reactions,
    /// reactions outside the window and in the future), each reaction sent to a random account of the same pool rather
    /// than always to <see cref="Reactions.Me"/>: reactors are also targets, so standing can flow.
    /// </summary>
    public static List<Interaction> Many(int seed)
    {
        var random = new Random(seed + 7_919);
        return
        [
            .. RandomPopulation(seed).Select(i => i with
            {
                TargetId = random.NextDouble() < 0.2 ? Me : "a" + random.Next(12).ToString(CultureInfo.InvariantCulture),
            }),
        ];
    }

    /// <summary>One reaction of <paramref name="type"/> a day before <see cref="Reactions.AsOf"/>, from <paramref name="actor"/> to <paramref name="target"/>.</summary>
    public static Interaction Reaction(string actor, string target, InteractionType type = InteractionType.Reply) =>
        Received(actor, type, AsOf.AddDays(-1), target: target);

    /// <summary>The same reactions in a reproducibly shuffled order.</summary>
    public static List<Interaction> Shuffled(IEnumerable<Interaction> interactions, int seed)
    {
        var list = interactions.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }
}
