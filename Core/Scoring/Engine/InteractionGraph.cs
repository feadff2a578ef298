using System.Runtime.InteropServices;
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
    private readonly AccountKey[] _accounts;
    private readonly Dictionary<string, Dictionary<string, int>> _indexByNetwork;

    private InteractionGraph(
        DateTimeOffset asOf,
        AccountKey[] accounts,
        Dictionary<string, Dictionary<string, int>> indexByNetwork,
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
        _accounts = accounts;
        _indexByNetwork = indexByNetwork;
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
    public int AccountCount => _accounts.Length;

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
    public AccountKey AccountAt(int index) => _accounts[index];

    /// <summary>The dense number of an account, if it is in the graph.</summary>
    public bool TryGetIndex(string network, string accountId, out int index)
    {
        index = -1;
        return _indexByNetwork.TryGetValue(network, out var ids) && ids.TryGetValue(accountId, out index);
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
        var capacity = interactions.TryGetNonEnumeratedCount(out var count) ? count : 1024;
        var indexByNetwork = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var accounts = new List<AccountKey>(capacity / 2);
        var edgeOf = new Dictionary<long, int>(capacity);
        var edgeSources = new List<int>(capacity);
        var edgeTargets = new List<int>(capacity);
        var edgeRaw = new List<double>(capacity);
        string? lastNetwork = null;
        Dictionary<string, int>? ids = null;
        var reactions = 0;

        foreach (var interaction in interactions)
        {
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

            if (!ReferenceEquals(interaction.Network, lastNetwork))
            {
                lastNetwork = interaction.Network;
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(indexByNetwork, lastNetwork, out _);
                ids = slot ??= new Dictionary<string, int>(capacity / 2, StringComparer.Ordinal);
            }

            var actor = IndexOf(ids!, accounts, lastNetwork, interaction.ActorId);
            var target = IndexOf(ids!, accounts, lastNetwork, interaction.TargetId);
            ref var edge = ref CollectionsMarshal.GetValueRefOrAddDefault(edgeOf, ((long)actor << 32) | (uint)target, out var exists);
            if (exists)
            {
                CollectionsMarshal.AsSpan(edgeRaw)[edge] += weight;
            }
            else
            {
                edge = edgeRaw.Count;
                edgeSources.Add(actor);
                edgeTargets.Add(target);
                edgeRaw.Add(weight);
            }

            reactions++;
        }

        var n = accounts.Count;
        var k = model.ReactorSaturation;
        var sources = CollectionsMarshal.AsSpan(edgeSources);
        var targets = CollectionsMarshal.AsSpan(edgeTargets);
        var credits = CollectionsMarshal.AsSpan(edgeRaw);
        for (var e = 0; e < credits.Length; e++)
        {
            credits[e] = k * (1 - Math.Exp(-credits[e] / k));
        }

        var (inOffsets, inSources, inCredits) = Rows(n, targets, sources, credits);
        var (outOffsets, outTargets, outCredits) = Rows(n, sources, targets, credits);
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
            asOf, [.. accounts], indexByNetwork, inOffsets, inSources, inCredits, outOffsets, outTargets, outCredits, outSums, reactions);
    }

    private static int IndexOf(Dictionary<string, int> ids, List<AccountKey> accounts, string network, string accountId)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, accountId, out var exists);
        if (!exists)
        {
            index = accounts.Count;
            accounts.Add(new AccountKey(network, accountId));
        }

        return index;
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
