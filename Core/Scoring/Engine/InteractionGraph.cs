using Sway.Domain;

namespace Sway.Scoring.Engine;

/// <summary>
/// The reactions of a whole population as of one instant, aggregated per (reactor, target) and stored as compressed
/// sparse rows in both directions. It is built from an <see cref="InteractionLog"/>, where the population was numbered
/// once. Self-reactions, reactions outside (asOf − window, asOf] and reactions the model weighs 0 are dropped, as
/// <see cref="ScoreModel.Score"/> drops them. Each edge carries the reactor's saturated credit to that target,
/// <c>c = K · (1 − e^(−r/K))</c>, where <c>r</c> sums the reactor's type weights times their decay.
/// </summary>
/// <remarks>
/// The graph holds the accounts that gave or received a kept reaction, keyed by (network, account id) and numbered
/// densely in the log's order (the order they first appear in what the log was built from, kept or not); accounts the
/// log names only in dropped reactions are not in the graph. Each target's reactors are listed in the order of their
/// first kept reaction to it, and each reactor's targets in the graph's order. The rows by reactor are built on first
/// use: standing and scoring read only the rows by target and the reactors' credit sums.
/// </remarks>
public sealed class InteractionGraph
{
    private const int ReactionsPerRange = 16_384;
    private readonly int[] _logNumberOf;
    private readonly int[] _graphNumberOf;
    private readonly Lazy<RowsByReactor> _byReactor;

    private InteractionGraph(
        DateTimeOffset asOf,
        InteractionLog log,
        int[] logNumberOf,
        int[] graphNumberOf,
        int[] inOffsets,
        int[] inSources,
        double[] inCredits,
        double[] inSignalCredits,
        int[] creditSignals,
        double[] outCreditSums,
        int reactions)
    {
        InSignalCredits = inSignalCredits;
        CreditSignals = creditSignals;
        AsOf = asOf;
        Log = log;
        _logNumberOf = logNumberOf;
        _graphNumberOf = graphNumberOf;
        InOffsets = inOffsets;
        InSources = inSources;
        InCredits = inCredits;
        _byReactor = new Lazy<RowsByReactor>(() => ByReactor(inOffsets.Length - 1, inOffsets, inSources, inCredits));
        OutCreditSums = outCreditSums;
        Reactions = reactions;
    }

    public DateTimeOffset AsOf { get; }

    /// <summary>The log the graph was built from (its accounts are numbered there too, see <see cref="LogNumberAt"/>).</summary>
    public InteractionLog Log { get; }

    /// <summary>
    /// The accounts that gave or received a kept reaction, numbered 0.. in the log's order. Accounts the log names only
    /// in dropped reactions are not in the graph (a score of them is 1, as for any account nobody reacted to).
    /// </summary>
    public int AccountCount => _logNumberOf.Length;

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

    /// <summary>
    /// Out-edges of reactor <c>r</c> are <c>OutOffsets[r]..OutOffsets[r + 1]</c>. The rows by reactor are built on first
    /// use (standing and scoring read only the rows by target and <see cref="OutCreditSums"/>).
    /// </summary>
    internal int[] OutOffsets => _byReactor.Value.Offsets;

    /// <summary>The target of each out-edge.</summary>
    internal int[] OutTargets => _byReactor.Value.Targets;

    /// <summary>The saturated credit of each out-edge.</summary>
    internal double[] OutCredits => _byReactor.Value.Credits;

    /// <summary>Per reactor, the sum of its out-edge credits (0 for an account that reacted to nobody).</summary>
    internal double[] OutCreditSums { get; }

    /// <summary>The account numbered <paramref name="index"/>.</summary>
    public AccountKey AccountAt(int index) => Log.AccountAt(_logNumberOf[index]);

    /// <summary>The number <see cref="Log"/> gives the account this graph numbers <paramref name="index"/>.</summary>
    public int LogNumberAt(int index) => _logNumberOf[index];

    /// <summary>The dense number of an account, if it is in the graph.</summary>
    public bool TryGetIndex(string network, string accountId, out int index)
    {
        if (Log.TryGetNumber(network, accountId, out var number) && _graphNumberOf[number] >= 0)
        {
            index = _graphNumberOf[number];
            return true;
        }

        index = -1;
        return false;
    }

    /// <summary>
    /// Signals per edge in <see cref="SignalCreditsTo"/>: the model's reaction signals (0 under 1.0). Audience signals
    /// (followers, listed) never receive a reaction's credit, so the edges carry none.
    /// </summary>
    public int SignalCount => CreditSignals.Count;

    /// <summary>The model's signal (its index in <see cref="ScoreModel.Signals"/>) of each of the <see cref="SignalCount"/> credits per edge, in the model's order.</summary>
    public IReadOnlyList<int> CreditSignals { get; }

    /// <summary>Per in-edge, its credit split by the model's reaction signals (<see cref="SignalCount"/> numbers per edge, in the order of <see cref="ReactorsOf"/>).</summary>
    internal double[] InSignalCredits { get; }

    /// <summary>The credit of each reactor of <paramref name="target"/> by reaction signal: <see cref="SignalCount"/> numbers per reactor, signal <c>s</c> being <see cref="CreditSignals"/>[s].</summary>
    public ReadOnlySpan<double> SignalCreditsTo(int target) =>
        InSignalCredits.AsSpan((InOffsets[target] * SignalCount)..(InOffsets[target + 1] * SignalCount));

    /// <summary>The accounts that reacted to <paramref name="target"/>, in the order of <see cref="CreditsTo"/>.</summary>
    public ReadOnlySpan<int> ReactorsOf(int target) => InSources.AsSpan(InOffsets[target]..InOffsets[target + 1]);

    /// <summary>The saturated credit of each reactor of <paramref name="target"/> (see <see cref="ReactorsOf"/>).</summary>
    public ReadOnlySpan<double> CreditsTo(int target) => InCredits.AsSpan(InOffsets[target]..InOffsets[target + 1]);

    /// <summary>The accounts <paramref name="reactor"/> reacted to, in the order of <see cref="CreditsFrom"/>.</summary>
    public ReadOnlySpan<int> TargetsOf(int reactor)
    {
        var rows = _byReactor.Value;
        return rows.Targets.AsSpan(rows.Offsets[reactor]..rows.Offsets[reactor + 1]);
    }

    /// <summary>The saturated credit <paramref name="reactor"/> gives each of its targets (see <see cref="TargetsOf"/>).</summary>
    public ReadOnlySpan<double> CreditsFrom(int reactor)
    {
        var rows = _byReactor.Value;
        return rows.Credits.AsSpan(rows.Offsets[reactor]..rows.Offsets[reactor + 1]);
    }

    /// <summary>
    /// Builds the graph of <paramref name="interactions"/> as of <paramref name="asOf"/> under <paramref name="model"/>'s
    /// weights, half-life, window and saturation: a convenience that makes an <see cref="InteractionLog"/> of them first.
    /// To build several graphs of one population, make its log once and use <see cref="Build(InteractionLog, DateTimeOffset, ScoreModel)"/>.
    /// </summary>
    public static InteractionGraph Build(IEnumerable<Interaction> interactions, DateTimeOffset asOf, ScoreModel model)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(model);
        return Build(InteractionLog.From(interactions), asOf, model);
    }

    /// <summary>
    /// Builds the graph of <paramref name="log"/>'s reactions as of <paramref name="asOf"/> under <paramref name="model"/>'s
    /// weights, half-life, window and saturation, hashing no string. The graph numbers its accounts densely in the log's
    /// order, skipping those without a kept reaction, so <see cref="AccountCount"/> counts only accounts with a kept
    /// reaction; <see cref="LogNumberAt"/> maps a graph number back to the log's.
    /// </summary>
    public static InteractionGraph Build(InteractionLog log, DateTimeOffset asOf, ScoreModel model)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(model);

        var typeWeights = new double[Enum.GetValues<InteractionType>().Max(t => (int)t) + 1];
        foreach (var type in Enum.GetValues<InteractionType>())
        {
            typeWeights[(int)type] = model.WeightOf(type);
        }

        // Ticks compare as DateTimeOffsets do (by UTC instant), and (asOf − t) / half-life divides ticks as TimeSpan's
        // operator does, so every weight is the very number ScoreModel computes.
        var since = (asOf - model.Window).UtcTicks;
        var now = asOf.UtcTicks;
        var halfLife = (double)model.HalfLife.Ticks;
        var decays = Decays(log.Instants, since, now, halfLife);
        // Per edge, one credit per reaction signal of an additive model: signal s there is the model's creditSignals[s].
        int[] creditSignals = model.IsAdditive ? [.. Enumerable.Range(0, model.Signals.Count).Where(s => model.Signals[s].IsReaction)] : [];
        var signals = creditSignals.Length;
        var signalOf = Enum.GetValues<InteractionType>().Select(t => (int)t).DefaultIfEmpty().Max() is var top ? new int[top + 1] : [];
        foreach (var type in Enum.GetValues<InteractionType>())
        {
            signalOf[(int)type] = signals > 0 ? Array.IndexOf(creditSignals, model.SignalOf(type)) : -1;
        }

        var edges = Aggregate(log, typeWeights, decays, model.ReactorSaturation, signalOf, signals);
        var (graphNumberOf, logNumberOf) = Number(edges.Kept);
        var (inOffsets, inSources, inCredits, inSignalCredits) = Compact(log, edges, graphNumberOf, logNumberOf.Length, signals);
        var outSums = CreditSums(inSources, inCredits, logNumberOf.Length);
        return new InteractionGraph(
            asOf, log, logNumberOf, graphNumberOf, inOffsets, inSources, inCredits, inSignalCredits, creditSignals, outSums, edges.Reactions);
    }

    /// <summary>1. In parallel: each instant's decay, 0 outside the window (since, now].</summary>
    private static double[] Decays(long[] instants, long since, long now, double halfLife)
    {
        var decays = GC.AllocateUninitializedArray<double>(instants.Length);
        InRanges(instants.Length, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var at = instants[i];
                var age = now - at;
                // The same expression as ScoreModel's decay, so that both sum the same numbers.
                decays[i] = at <= since || at > now ? 0 : age <= 0 ? 1 : Math.Pow(0.5, age / halfLife);
            }
        });
        return decays;
    }

    /// <summary>
    /// 2. In parallel over ranges of targets (the log is grouped by target): weigh each reaction (type weight × decay;
    /// self-reactions and reactions weighing 0 do not count), sum each reactor's weights to a target into one edge,
    /// first reactions first, and saturate it. A range writes its edges into its own region of the arrays, which starts
    /// where its reactions start in the log (a range has no more edges than reactions), with sources as log numbers.
    /// Accounts with a reaction that counts are marked in <see cref="RawEdges.Kept"/> (every writer writes true, so the
    /// races are harmless).
    /// </summary>
    private static RawEdges Aggregate(InteractionLog log, double[] typeWeights, double[] decays, double k, int[] signalOf, int signals)
    {
        var accounts = log.AccountCount;
        var targetOffsets = log.TargetOffsets;
        var actors = log.ActorArray;
        var types = log.TypeArray;
        var instantOf = log.InstantOf;
        var bounds = TargetRanges(targetOffsets, accounts);
        var ranges = bounds.Length - 1;
        var sources = GC.AllocateUninitializedArray<int>(log.Count);
        var credits = GC.AllocateUninitializedArray<double>(log.Count);
        var signalCredits = signals > 0 ? GC.AllocateUninitializedArray<double>(log.Count * signals) : [];
        var edgeStarts = GC.AllocateUninitializedArray<int>(accounts);
        var edgeCounts = new int[ranges];
        var kept = new bool[accounts];
        var reactions = new int[ranges];

        void Range(int range, int[] edgeOf)
        {
            var edges = targetOffsets[bounds[range]];
            var count = 0;
            for (var target = bounds[range]; target < bounds[range + 1]; target++)
            {
                var first = edges;
                edgeStarts[target] = first;
                for (var j = targetOffsets[target]; j < targetOffsets[target + 1]; j++)
                {
                    var type = (int)types[j];
                    var actor = actors[j];
                    var weight = actor == target || (uint)type >= (uint)typeWeights.Length ? 0 : typeWeights[type] * decays[instantOf[j]];
                    if (!(weight > 0))
                    {
                        continue;
                    }

                    count++;
                    // edgeOf is shared by the ranges a worker runs, so only an edge of this target's counts.
                    var edge = edgeOf[actor];
                    if (edge >= first && edge < edges)
                    {
                        credits[edge] += weight;
                    }
                    else
                    {
                        edge = edges;
                        edgeOf[actor] = edges;
                        sources[edges] = actor;
                        credits[edges++] = weight;
                        kept[actor] = true;
                        if (signals > 0)
                        {
                            signalCredits.AsSpan(edge * signals, signals).Clear();
                        }
                    }

                    if (signals > 0 && signalOf[type] >= 0)
                    {
                        signalCredits[(edge * signals) + signalOf[type]] += weight;
                    }
                }

                if (edges > first)
                {
                    kept[target] = true;
                    for (var e = first; e < edges; e++)
                    {
                        var raw = credits[e];
                        credits[e] = k * (1 - Math.Exp(-raw / k));
                        for (var g = 0; g < signals; g++)
                        {
                            // Each signal keeps its part of the reactor's weight, as ScoreLedger splits a reactor's credit.
                            signalCredits[(e * signals) + g] = credits[e] * signalCredits[(e * signals) + g] / raw;
                        }
                    }
                }
            }

            edgeCounts[range] = edges - targetOffsets[bounds[range]];
            reactions[range] = count;
        }

        if (ranges == 1)
        {
            Range(0, NewEdgeOf(accounts));
        }
        else
        {
            Parallel.For(
                0,
                ranges,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => NewEdgeOf(accounts),
                (range, _, edgeOf) =>
                {
                    Range(range, edgeOf);
                    return edgeOf;
                },
                _ => { });
        }

        return new RawEdges(bounds, sources, credits, signalCredits, edgeStarts, edgeCounts, kept, reactions.Sum());

        static int[] NewEdgeOf(int accounts)
        {
            var edgeOf = GC.AllocateUninitializedArray<int>(accounts);
            Array.Fill(edgeOf, -1);
            return edgeOf;
        }
    }

    /// <summary>3. Numbers the accounts with a kept reaction densely, in the log's order, both ways.</summary>
    private static (int[] GraphNumberOf, int[] LogNumberOf) Number(bool[] kept)
    {
        var graphNumberOf = GC.AllocateUninitializedArray<int>(kept.Length);
        var n = 0;
        for (var v = 0; v < kept.Length; v++)
        {
            graphNumberOf[v] = kept[v] ? n++ : -1;
        }

        var logNumberOf = GC.AllocateUninitializedArray<int>(n);
        for (var v = 0; v < kept.Length; v++)
        {
            if (graphNumberOf[v] >= 0)
            {
                logNumberOf[graphNumberOf[v]] = v;
            }
        }

        return (graphNumberOf, logNumberOf);
    }

    /// <summary>4. In parallel over the ranges: moves each range's edges next to the previous range's, sources renumbered as the graph numbers them.</summary>
    private static (int[] InOffsets, int[] InSources, double[] InCredits, double[] InSignalCredits) Compact(InteractionLog log, RawEdges raw, int[] graphNumberOf, int n, int signals)
    {
        var targetOffsets = log.TargetOffsets;
        var ranges = raw.EdgeCounts.Length;
        var starts = new int[ranges + 1];
        for (var r = 0; r < ranges; r++)
        {
            starts[r + 1] = starts[r] + raw.EdgeCounts[r];
        }

        var edges = starts[ranges];
        var inOffsets = GC.AllocateUninitializedArray<int>(n + 1);
        var inSources = GC.AllocateUninitializedArray<int>(edges);
        var inCredits = GC.AllocateUninitializedArray<double>(edges);
        var inSignalCredits = signals > 0 ? GC.AllocateUninitializedArray<double>(edges * signals) : [];
        inOffsets[n] = edges;

        void Range(int range)
        {
            var from = targetOffsets[raw.Bounds[range]];
            var shift = from - starts[range];
            var count = raw.EdgeCounts[range];
            raw.Credits.AsSpan(from, count).CopyTo(inCredits.AsSpan(starts[range], count));
            raw.SignalCredits.AsSpan(from * signals, count * signals).CopyTo(inSignalCredits.AsSpan(starts[range] * signals, count * signals));
            for (var e = 0; e < count; e++)
            {
                inSources[starts[range] + e] = graphNumberOf[raw.Sources[from + e]];
            }

            for (var target = raw.Bounds[range]; target < raw.Bounds[range + 1]; target++)
            {
                var graphTarget = graphNumberOf[target];
                if (graphTarget >= 0)
                {
                    inOffsets[graphTarget] = raw.EdgeStarts[target] - shift;
                }
            }
        }

        if (ranges == 1)
        {
            Range(0);
        }
        else
        {
            Parallel.For(0, ranges, Range);
        }

        return (inOffsets, inSources, inCredits, inSignalCredits);
    }

    /// <summary>
    /// 5. Each reactor's credit sum, adding its edges in the order of their targets (as its row by reactor lists them);
    /// in parallel, each worker scanning every edge for the reactors of its own part.
    /// </summary>
    private static double[] CreditSums(int[] inSources, double[] inCredits, int n)
    {
        var sums = new double[n];
        var parts = inSources.Length < ReactionsPerRange ? 1 : Environment.ProcessorCount;
        void Part(int part)
        {
            var from = (int)((long)n * part / parts);
            var to = (int)((long)n * (part + 1) / parts);
            for (var e = 0; e < inSources.Length; e++)
            {
                var source = inSources[e];
                if (source >= from && source < to)
                {
                    sums[source] += inCredits[e];
                }
            }
        }

        if (parts == 1)
        {
            Part(0);
        }
        else
        {
            Parallel.For(0, parts, Part);
        }

        return sums;
    }

    /// <summary>Splits the log's targets into ranges of about <see cref="ReactionsPerRange"/> reactions (a target is never split).</summary>
    private static int[] TargetRanges(int[] targetOffsets, int accounts)
    {
        var bounds = new List<int> { 0 };
        var next = ReactionsPerRange;
        for (var target = 0; target < accounts; target++)
        {
            if (targetOffsets[target + 1] >= next && target + 1 < accounts)
            {
                bounds.Add(target + 1);
                next = targetOffsets[target + 1] + ReactionsPerRange;
            }
        }

        bounds.Add(accounts);
        return [.. bounds];
    }

    /// <summary>The edges by reactor: a counting sort of the in-edges by source, placed from the last edge so that each row lists its targets in ascending order.</summary>
    private static RowsByReactor ByReactor(int n, int[] inOffsets, int[] inSources, double[] inCredits)
    {
        var edges = inSources.Length;
        var offsets = new int[n + 1];
        foreach (var reactor in inSources)
        {
            offsets[reactor]++;
        }

        for (var v = 1; v < n; v++)
        {
            offsets[v] += offsets[v - 1];
        }

        offsets[n] = edges;
        var targets = GC.AllocateUninitializedArray<int>(edges);
        var credits = GC.AllocateUninitializedArray<double>(edges);
        for (var target = n - 1; target >= 0; target--)
        {
            for (var e = inOffsets[target + 1] - 1; e >= inOffsets[target]; e--)
            {
                var at = --offsets[inSources[e]];
                targets[at] = target;
                credits[at] = inCredits[e];
            }
        }

        return new RowsByReactor(offsets, targets, credits);
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

    /// <summary>
    /// What <see cref="Aggregate"/> leaves: per range of targets (<c>Bounds[r]..Bounds[r + 1]</c>), its edges in its region
    /// of <c>Sources</c> (log numbers) and <c>Credits</c>, starting at the log offset of its first target; per target,
    /// the start of its edges there.
    /// </summary>
    private sealed record RawEdges(int[] Bounds, int[] Sources, double[] Credits, double[] SignalCredits, int[] EdgeStarts, int[] EdgeCounts, bool[] Kept, int Reactions);

    /// <summary>Compressed rows by reactor: out-edges of <c>r</c> are <c>Offsets[r]..Offsets[r + 1]</c>.</summary>
    private sealed record RowsByReactor(int[] Offsets, int[] Targets, double[] Credits);
}
