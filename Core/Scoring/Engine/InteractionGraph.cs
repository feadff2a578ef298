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
        double[] outCreditSums,
        int reactions)
    {
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
    /// The accounts that gave or received a kept reaction, numbered 0.. in the order they first appear in one. Accounts
    /// the log names only in dropped reactions are not in the graph.
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
    /// weights, half-life, window and saturation. The graph numbers its accounts itself, densely, in the order they first
    /// appear in a kept reaction (as if the log's dropped reactions were not there), so <see cref="AccountCount"/> counts only
    /// accounts with a kept reaction; <see cref="LogNumberAt"/> maps a graph number back to the log's.
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
        var m = log.Count;
        var actors = log.ActorArray;
        var targets = log.TargetArray;
        var types = log.TypeArray;
        var ticks = log.TickArray;

        var stages = Stages.Start();

        // 1. In parallel: which reactions count, and their weight (type weight × decay); 0 for a dropped reaction.
        var weightOf = GC.AllocateUninitializedArray<double>(m);
        InRanges(m, (from, to) =>
        {
            // Reactions come in bursts: consecutive ones often share their instant (two thirds of Higgs's do), and
            // so their decay.
            var decayedAt = long.MinValue;
            var decay = 0.0;
            for (var i = from; i < to; i++)
            {
                var at = ticks[i];
                var type = (int)types[i];
                if (at <= since || at > now || actors[i] == targets[i] || (uint)type >= (uint)typeWeights.Length)
                {
                    weightOf[i] = 0;
                    continue;
                }

                if (at != decayedAt)
                {
                    var age = now - at;
                    // The same expression as ScoreModel's decay, so that both sum the same numbers.
                    decay = age <= 0 ? 1 : Math.Pow(0.5, age / halfLife);
                    decayedAt = at;
                }

                var weight = typeWeights[type] * decay;
                weightOf[i] = weight > 0 ? weight : 0;
            }
        });
        stages.Mark("weigh");

        // 2. In order: keep the reactions that count (moving them to the front), number their accounts as they first
        //    appear, and count each target's reactions.
        var accounts = log.AccountCount;
        var graphNumberOf = GC.AllocateUninitializedArray<int>(accounts);
        Array.Fill(graphNumberOf, -1);
        var logNumberOf = GC.AllocateUninitializedArray<int>(accounts);
        var reactorOf = GC.AllocateUninitializedArray<int>(m);
        var receiverOf = GC.AllocateUninitializedArray<int>(m);
        var byTarget = new int[accounts + 1];
        var reactions = 0;
        var n = 0;
        for (var i = 0; i < m; i++)
        {
            var weight = weightOf[i];
            if (weight > 0)
            {
                var actor = actors[i];
                var reactor = graphNumberOf[actor];
                if (reactor < 0)
                {
                    reactor = graphNumberOf[actor] = n;
                    logNumberOf[n++] = actor;
                }

                var target = targets[i];
                var receiver = graphNumberOf[target];
                if (receiver < 0)
                {
                    receiver = graphNumberOf[target] = n;
                    logNumberOf[n++] = target;
                }

                reactorOf[reactions] = reactor;
                receiverOf[reactions] = receiver;
                weightOf[reactions++] = weight;
                byTarget[receiver]++;
            }
        }

        Array.Resize(ref logNumberOf, n);
        stages.Mark("keep");

        // 3. Group the reactions by target, keeping their order: a counting sort that places them from the last, so
        //    that byTarget[t] ends as the start of target t's reactions.
        for (var v = 1; v < n; v++)
        {
            byTarget[v] += byTarget[v - 1];
        }

        byTarget[n] = reactions;
        var inSources = GC.AllocateUninitializedArray<int>(reactions);
        var inCredits = GC.AllocateUninitializedArray<double>(reactions);
        for (var i = reactions - 1; i >= 0; i--)
        {
            var at = --byTarget[receiverOf[i]];
            inSources[at] = reactorOf[i];
            inCredits[at] = weightOf[i];
        }

        stages.Mark("group");

        // 4. Within each target, sum each reactor's weights into one edge (first reactions first), in place; once a
        //    target's edges are complete, saturate them and add them to their reactors' credit sums (so each sum adds
        //    a reactor's edges in the order of its targets, as its row by reactor lists them).
        var k = model.ReactorSaturation;
        var inOffsets = GC.AllocateUninitializedArray<int>(n + 1);
        var seenFor = GC.AllocateUninitializedArray<int>(n);
        var edgeOf = GC.AllocateUninitializedArray<int>(n);
        var outSums = new double[n];
        Array.Fill(seenFor, -1);
        var edges = 0;
        for (var target = 0; target < n; target++)
        {
            var first = edges;
            inOffsets[target] = first;
            for (var j = byTarget[target]; j < byTarget[target + 1]; j++)
            {
                var reactor = inSources[j];
                if (seenFor[reactor] == target)
                {
                    inCredits[edgeOf[reactor]] += inCredits[j];
                }
                else
                {
                    seenFor[reactor] = target;
                    edgeOf[reactor] = edges;
                    inSources[edges] = reactor;
                    inCredits[edges++] = inCredits[j];
                }
            }

            for (var e = first; e < edges; e++)
            {
                var credit = k * (1 - Math.Exp(-inCredits[e] / k));
                inCredits[e] = credit;
                outSums[inSources[e]] += credit;
            }
        }

        inOffsets[n] = edges;
        Array.Resize(ref inSources, edges);
        Array.Resize(ref inCredits, edges);
        stages.Mark("sum");
        stages.Print();

        return new InteractionGraph(
            asOf, log, logNumberOf, graphNumberOf, inOffsets, inSources, inCredits, outSums, reactions);
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

    /// <summary>Compressed rows by reactor: out-edges of <c>r</c> are <c>Offsets[r]..Offsets[r + 1]</c>.</summary>
    private sealed record RowsByReactor(int[] Offsets, int[] Targets, double[] Credits);

    private sealed class Stages
    {
        private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
        private readonly List<string> _marks = [];

        public static Stages Start() => new();

        public void Mark(string name)
        {
            _marks.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {_watch.Elapsed.TotalMilliseconds:F1}"));
            _watch.Restart();
        }

        public void Print()
        {
            if (Environment.GetEnvironmentVariable("SWAY_STAGES") is not null)
            {
                Console.Error.WriteLine(string.Join(", ", _marks));
            }
        }
    }
}
