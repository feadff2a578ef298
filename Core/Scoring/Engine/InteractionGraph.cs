using Sway.Domain;

namespace Sway.Scoring.Engine;

/// <summary>
/// The reactions of a whole population as of one instant, aggregated per (reactor, target) and stored as compressed
/// sparse rows in both directions. Accounts are keyed by (network, account id) and numbered densely in the order they
/// first appear in a kept reaction. Self-reactions, reactions outside (asOf − window, asOf] and reactions the model
/// weighs 0 are dropped, as <see cref="ScoreModel.Score"/> drops them. Each edge carries the reactor's saturated credit
/// to that target, <c>c = K · (1 − e^(−r/K))</c>, where <c>r</c> sums the reactor's type weights times their decay.
/// </summary>
public sealed class InteractionGraph
{
    private const int ReactionsPerRange = 16_384;
    private readonly AccountNumbering _numbering;

    private InteractionGraph(
        DateTimeOffset asOf,
        AccountNumbering numbering,
        int[] inOffsets,
        int[] inSources,
        double[] inCredits,
        int[] outOffsets,
        int[] outTargets,
        double[] outCredits,
        double[] outCreditSums,
        int reactions)
    {
        AsOf = asOf;
        _numbering = numbering;
        InOffsets = inOffsets;
        InSources = inSources;
        InCredits = inCredits;
        OutOffsets = outOffsets;
        OutTargets = outTargets;
        OutCredits = outCredits;
        OutCreditSums = outCreditSums;
        Reactions = reactions;
    }

    public DateTimeOffset AsOf { get; }

    /// <summary>The accounts that gave or received a kept reaction.</summary>
    public int AccountCount => _numbering.Count;

    /// <summary>Distinct (reactor, target) pairs.</summary>
    public int EdgeCount => InSources.Length;

    /// <summary>The reactions kept (in the window, not self-reactions, weighing more than 0).</summary>
    public int Reactions { get; }

    /// <summary>In-edges of target <c>t</c> are <c>InOffsets[t]..InOffsets[t + 1]</c> (length <see cref="AccountCount"/> + 1).</summary>
    internal int[] InOffsets { get; }

    /// <summary>The reactor of each in-edge.</summary>
    internal int[] InSources { get; }

    /// <summary>The saturated credit of each in-edge.</summary>
    internal double[] InCredits { get; }

    /// <summary>Out-edges of reactor <c>r</c> are <c>OutOffsets[r]..OutOffsets[r + 1]</c>.</summary>
    internal int[] OutOffsets { get; }

    /// <summary>The target of each out-edge.</summary>
    internal int[] OutTargets { get; }

    /// <summary>The saturated credit of each out-edge.</summary>
    internal double[] OutCredits { get; }

    /// <summary>Per reactor, the sum of its out-edge credits (0 for an account that reacted to nobody).</summary>
    internal double[] OutCreditSums { get; }

    /// <summary>The account numbered <paramref name="index"/>.</summary>
    public AccountKey AccountAt(int index) => _numbering.Accounts[index];

    /// <summary>The dense number of an account, if it is in the graph.</summary>
    public bool TryGetIndex(string network, string accountId, out int index)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(accountId);
        return _numbering.TryFind(network, accountId, out index);
    }

    /// <summary>The accounts that reacted to <paramref name="target"/>, in the order of <see cref="CreditsTo"/>.</summary>
    public ReadOnlySpan<int> ReactorsOf(int target) => InSources.AsSpan(InOffsets[target]..InOffsets[target + 1]);

    /// <summary>The saturated credit of each reactor of <paramref name="target"/> (see <see cref="ReactorsOf"/>).</summary>
    public ReadOnlySpan<double> CreditsTo(int target) => InCredits.AsSpan(InOffsets[target]..InOffsets[target + 1]);

    /// <summary>The accounts <paramref name="reactor"/> reacted to, in the order of <see cref="CreditsFrom"/>.</summary>
    public ReadOnlySpan<int> TargetsOf(int reactor) => OutTargets.AsSpan(OutOffsets[reactor]..OutOffsets[reactor + 1]);

    /// <summary>The saturated credit <paramref name="reactor"/> gives each of its targets (see <see cref="TargetsOf"/>).</summary>
    public ReadOnlySpan<double> CreditsFrom(int reactor) => OutCredits.AsSpan(OutOffsets[reactor]..OutOffsets[reactor + 1]);

    /// <summary>Builds the graph of <paramref name="interactions"/> as of <paramref name="asOf"/> under <paramref name="model"/>'s weights, half-life, window and saturation.</summary>
    public static InteractionGraph Build(IEnumerable<Interaction> interactions, DateTimeOffset asOf, ScoreModel model)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(model);

        var typeWeights = new double[Enum.GetValues<InteractionType>().Max(t => (int)t) + 1];
        foreach (var type in Enum.GetValues<InteractionType>())
        {
            typeWeights[(int)type] = model.WeightOf(type);
        }

        var since = asOf - model.Window;
        var halfLife = model.HalfLife;
        var list = interactions as IReadOnlyList<Interaction> ?? [.. interactions];
        var m = list.Count;

        // 1. In parallel: which reactions count, their weight (type weight × decay) and their accounts' hashes.
        var weighed = new double[m];
        var actorHashes = new int[m];
        var targetHashes = new int[m];
        InRanges(m, (from, to) =>
        {
            string? network = null;
            var networkHash = 0;
            for (var i = from; i < to; i++)
            {
                var interaction = list[i];
                if (interaction.OccurredAt <= since || interaction.OccurredAt > asOf
                    || string.Equals(interaction.ActorId, interaction.TargetId, StringComparison.Ordinal))
                {
                    continue;
                }

                var type = (int)interaction.Type;
                var typeWeight = (uint)type < (uint)typeWeights.Length ? typeWeights[type] : 0;
                var age = asOf - interaction.OccurredAt;
                // The same expression as ScoreModel's decay, so that both sum the same numbers.
                var weight = typeWeight * (age <= TimeSpan.Zero ? 1 : Math.Pow(0.5, age / halfLife));
                if (!(weight > 0))
                {
                    continue;
                }

                if (!ReferenceEquals(interaction.Network, network))
                {
                    network = interaction.Network;
                    networkHash = string.GetHashCode(network, StringComparison.Ordinal);
                }

                weighed[i] = weight;
                actorHashes[i] = AccountNumbering.Hash(networkHash, interaction.ActorId);
                targetHashes[i] = AccountNumbering.Hash(networkHash, interaction.TargetId);
            }
        });

        // 2. In order: number the accounts as they first appear.
        var numbering = new AccountNumbering(Math.Min(m, 1 << 20));
        var reactorOf = new int[m];
        var receiverOf = new int[m];
        var weightOf = new double[m];
        var reactions = 0;
        for (var i = 0; i < m; i++)
        {
            if (weighed[i] > 0)
            {
                var interaction = list[i];
                reactorOf[reactions] = numbering.NumberOf(interaction.Network, interaction.ActorId, actorHashes[i]);
                receiverOf[reactions] = numbering.NumberOf(interaction.Network, interaction.TargetId, targetHashes[i]);
                weightOf[reactions++] = weighed[i];
            }
        }

        var n = numbering.Count;
        var receivers = receiverOf.AsSpan(0, reactions);

        // 2. Group the reactions by target, keeping their order (a counting sort).
        var byTarget = new int[n + 1];
        foreach (var target in receivers)
        {
            byTarget[target + 1]++;
        }

        for (var v = 0; v < n; v++)
        {
            byTarget[v + 1] += byTarget[v];
        }

        var order = new int[reactions];
        var next = byTarget[..^1];
        for (var i = 0; i < reactions; i++)
        {
            order[next[receivers[i]]++] = i;
        }

        // 3. Within each target, sum each reactor's weights into one edge (first reactions first), then saturate it.
        var inOffsets = new int[n + 1];
        var inSources = new int[reactions];
        var inCredits = new double[reactions];
        var seenFor = new int[n];
        var edgeOf = new int[n];
        Array.Fill(seenFor, -1);
        var edges = 0;
        for (var target = 0; target < n; target++)
        {
            inOffsets[target] = edges;
            for (var j = byTarget[target]; j < byTarget[target + 1]; j++)
            {
                var i = order[j];
                var reactor = reactorOf[i];
                if (seenFor[reactor] == target)
                {
                    inCredits[edgeOf[reactor]] += weightOf[i];
                }
                else
                {
                    seenFor[reactor] = target;
                    edgeOf[reactor] = edges;
                    inSources[edges] = reactor;
                    inCredits[edges] = weightOf[i];
                    edges++;
                }
            }
        }

        inOffsets[n] = edges;
        Array.Resize(ref inSources, edges);
        Array.Resize(ref inCredits, edges);
        var k = model.ReactorSaturation;
        for (var e = 0; e < edges; e++)
        {
            inCredits[e] = k * (1 - Math.Exp(-inCredits[e] / k));
        }

        // 4. The same edges by reactor.
        var inTargets = new int[edges];
        for (var target = 0; target < n; target++)
        {
            inTargets.AsSpan(inOffsets[target]..inOffsets[target + 1]).Fill(target);
        }

        var (outOffsets, outTargets, outCredits) = Rows(n, inSources, inTargets, inCredits);
        var outSums = new double[n];
        for (var r = 0; r < n; r++)
        {
            var sum = 0.0;
            for (var e = outOffsets[r]; e < outOffsets[r + 1]; e++)
            {
                sum += outCredits[e];
            }

            outSums[r] = sum;
        }

        return new InteractionGraph(
            asOf, numbering, inOffsets, inSources, inCredits, outOffsets, outTargets, outCredits, outSums, reactions);
    }

    private static void InRanges(int count, Action<int, int> body)
    {
        var ranges = (count + ReactionsPerRange - 1) / ReactionsPerRange;
        if (ranges <= 1)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, ranges, r => body(r * ReactionsPerRange, Math.Min(count, (r + 1) * ReactionsPerRange)));
    }

    /// <summary>Compressed sparse rows keyed by <paramref name="rows"/> (a counting sort; edges keep their order within a row).</summary>
    private static (int[] Offsets, int[] Columns, double[] Values) Rows(int n, ReadOnlySpan<int> rows, ReadOnlySpan<int> columns, ReadOnlySpan<double> values)
    {
        var offsets = new int[n + 1];
        foreach (var row in rows)
        {
            offsets[row + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = offsets[..^1];
        var outColumns = new int[rows.Length];
        var outValues = new double[rows.Length];
        for (var e = 0; e < rows.Length; e++)
        {
            var at = next[rows[e]]++;
            outColumns[at] = columns[e];
            outValues[at] = values[e];
        }

        return (offsets, outColumns, outValues);
    }
}
