using System.Runtime.InteropServices;
using Sway.Domain;
using Sway.Scoring.Senders;

namespace Sway.Scoring.Engine;

/// <summary>
/// One model version run over a whole population in memory: every account's score as of one instant, as the pipeline
/// would give a profile holding that account alone once its standings have settled. Under 1.0 an account's total is the
/// sum of its reactors' credit. Under 2.0 each reactor is first reviewed as a sender (<see cref="SenderReview"/>, the
/// pipeline's rules), then standings are iterated to their fixed point, each account's standing being the credit it
/// receives, every reactor weighed by <see cref="ScoreModel.ReactorWeight"/>, in multiples of its network's norm: the
/// pipeline takes one step of this iteration a night. Accounts are addressed by their number in the
/// <see cref="InteractionLog"/>, so two runs over one log compare account by account.
/// </summary>
public sealed class ModelRun : IReactorStatuses
{
    /// <summary>Standings stop changing by more than this (in multiples of a norm) when the iteration stops.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>The most iterations (each reactor weight is capped, so the iteration settles long before).</summary>
    public const int MaxIterations = 100;

    private readonly InteractionLog _log;
    private readonly int[] _graphIndexOf;
    private readonly double[] _totals;
    private readonly double[] _standings;
    private readonly double[] _trusts;
    private readonly string?[] _reasons;
    private readonly double[] _amounts;
    private readonly int[] _creditSignals;

    private ModelRun(ScoreModel model, InteractionLog log, InteractionGraph graph, int[] graphIndexOf, double[] totals, double[] standings, double[] trusts, string?[] reasons, double[] amounts, int iterations)
    {
        Model = model;
        _log = log;
        Graph = graph;
        _graphIndexOf = graphIndexOf;
        _totals = totals;
        _standings = standings;
        _trusts = trusts;
        _reasons = reasons;
        _amounts = amounts;
        Iterations = iterations;
        _creditSignals = [.. graph.CreditSignals];
    }

    public ScoreModel Model { get; }

    public InteractionGraph Graph { get; }

    public DateTimeOffset AsOf => Graph.AsOf;

    /// <summary>Standing iterations run until the standings settled (0 under 1.0).</summary>
    public int Iterations { get; }

    /// <summary>Accounts of the log (by number, 0 to this − 1).</summary>
    public int AccountCount => _log.AccountCount;

    public AccountKey AccountAt(int account) => _log.AccountAt(account);

    /// <summary>Whether the account received a reaction that counts under this model (in its window, not its own).</summary>
    public bool Received(int account) => _graphIndexOf[account] is var v && v >= 0 && Graph.ReactorsOf(v).Length > 0;

    /// <summary>The raw total, as the model's calibration reads it.</summary>
    public double Total(int account) => _graphIndexOf[account] is var v && v >= 0 ? _totals[v] : 0;

    public int Score(int account) => Model.Calibration.ToScore(Total(account));

    /// <summary>The amount of reaction signal <paramref name="signal"/> (index in <see cref="ScoreModel.Signals"/>) the account received (0 for an audience signal).</summary>
    public double Amount(int account, int signal)
    {
        var s = Graph.SignalCount > 0 ? Array.IndexOf(_creditSignals, signal) : -1;
        return _graphIndexOf[account] is var v && v >= 0 && s >= 0 && _amounts.Length > 0 ? _amounts[(v * Graph.SignalCount) + s] : 0;
    }

    /// <summary>The account as a reactor: its settled standing and its trust.</summary>
    public ReactorStatus StatusOf(int account) =>
        _graphIndexOf[account] is var v && v >= 0 && _standings.Length > 0 ? new ReactorStatus(_standings[v], _trusts[v], _reasons[v]) : ReactorStatus.Unknown;

    public ReactorStatus Of(string network, string accountId) =>
        _log.TryGetNumber(network, accountId, out var account) ? StatusOf(account) : ReactorStatus.Unknown;

    /// <summary>The account's score with its explanation, through <see cref="ScoreModel.Evaluate"/> with this run's reactors (posts are not in a log).</summary>
    public ScoreResult Explain(int account)
    {
        var key = AccountAt(account);
        var reactions = new List<Interaction>();
        var range = _log.ReactionsTo(account);
        for (var j = range.Start.Value; j < range.End.Value; j++)
        {
            var actor = AccountAt(_log.Actors[j]);
            reactions.Add(new Interaction($"r{j}", key.Network, actor.AccountId, key.AccountId, _log.Types[j], null, new DateTimeOffset(_log.Ticks[j], TimeSpan.Zero)));
        }

        var profile = new Profile(ProfileId.ForAccount(key.Network, key.AccountId), [new LinkedAccount(key.Network, key.AccountId, key.AccountId)], ProfileOrigin.Dataset, AsOf);
        return Model.Score(profile, reactions, AsOf, AsOf, this);
    }

    /// <summary>Runs <paramref name="model"/> over <paramref name="log"/> as of <paramref name="asOf"/>.</summary>
    public static ModelRun Score(InteractionLog log, DateTimeOffset asOf, ScoreModel model)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(model);
        var graph = InteractionGraph.Build(log, asOf, model);
        var n = graph.AccountCount;
        var graphIndexOf = new int[log.AccountCount];
        Array.Fill(graphIndexOf, -1);
        for (var v = 0; v < n; v++)
        {
            graphIndexOf[graph.LogNumberAt(v)] = v;
        }

        if (!model.IsAdditive)
        {
            var sums = new double[n];
            InRanges(n, (from, to) =>
            {
                for (var v = from; v < to; v++)
                {
                    var sum = 0.0;
                    foreach (var credit in graph.CreditsTo(v))
                    {
                        sum += credit;
                    }

                    sums[v] = sum;
                }
            });
            return new ModelRun(model, log, graph, graphIndexOf, sums, [], [], [], [], 0);
        }

        var (trusts, reasons) = Review(log, graph, graphIndexOf, asOf, model);
        var receivers = Receivers(graph);
        var (normSums, norms, networkOf) = Norms(graph, receivers, model);
        var settled = Settle(graph, receivers, trusts, normSums, model.Standing);
        var (weights, edgeSlots, chunks) = (settled.Weights, settled.EdgeSlots, settled.Chunks);

        // Each receiver's amount of each reaction signal, its reactors weighed by their settled weight, then its points.
        var signals = graph.SignalCount;
        var offsets = graph.InOffsets;
        var signalCredits = graph.InSignalCredits;
        var creditSignals = graph.CreditSignals.ToArray();
        var amounts = new double[n * signals];
        var totals = new double[n];
        Parallel.For(0, chunks.Length - 1, c =>
        {
            for (var r = chunks[c]; r < chunks[c + 1]; r++)
            {
                var v = receivers[r];
                var mine = amounts.AsSpan(v * signals, signals);
                for (var e = offsets[v]; e < offsets[v + 1]; e++)
                {
                    var weight = weights[edgeSlots[e]];
                    for (var s = 0; s < signals; s++)
                    {
                        mine[s] += signalCredits[(e * signals) + s] * weight;
                    }
                }

                var total = 0.0;
                var networkNorms = norms[networkOf[r]];
                for (var s = 0; s < signals; s++)
                {
                    total += model.Points(creditSignals[s], mine[s], networkNorms[s]);
                }

                totals[v] = total;
            }
        });
        return new ModelRun(model, log, graph, graphIndexOf, totals, settled.Standings, trusts, reasons, amounts, settled.Iterations);
    }

    /// <summary>The graph accounts that received a reaction, ascending: only they ever gain standing or points.</summary>
    private static int[] Receivers(InteractionGraph graph)
    {
        var offsets = graph.InOffsets;
        var count = 0;
        for (var v = 0; v < graph.AccountCount; v++)
        {
            count += offsets[v + 1] > offsets[v] ? 1 : 0;
        }

        var receivers = GC.AllocateUninitializedArray<int>(count);
        count = 0;
        for (var v = 0; v < graph.AccountCount; v++)
        {
            if (offsets[v + 1] > offsets[v])
            {
                receivers[count++] = v;
            }
        }

        return receivers;
    }

    /// <summary>
    /// Per receiver, the sum of its network's reaction-signal norms and its network's number; per network, its norm of
    /// each reaction signal (in the order of <see cref="InteractionGraph.CreditSignals"/>). Networks are looked up
    /// once per run of receivers on one network.
    /// </summary>
    private static (double[] NormSums, double[][] Norms, int[] NetworkOf) Norms(InteractionGraph graph, int[] receivers, ScoreModel model)
    {
        var names = new List<string>();
        var norms = new List<double[]>();
        var sums = new List<double>();
        var normSums = GC.AllocateUninitializedArray<double>(receivers.Length);
        var networkOf = GC.AllocateUninitializedArray<int>(receivers.Length);
        string? last = null;
        var known = -1;
        for (var r = 0; r < receivers.Length; r++)
        {
            var network = graph.AccountAt(receivers[r]).Network;
            if (!ReferenceEquals(network, last))
            {
                last = network;
                known = names.FindIndex(name => string.Equals(name, network, StringComparison.Ordinal));
                if (known < 0)
                {
                    known = names.Count;
                    var each = graph.CreditSignals.Select(s => model.NormOf(network, model.SignalNames[s])).ToArray();
                    var sum = 0.0;
                    foreach (var norm in each)
                    {
                        sum += norm;
                    }

                    names.Add(network);
                    norms.Add(each);
                    sums.Add(sum);
                }
            }

            normSums[r] = sums[known];
            networkOf[r] = known;
        }

        return (normSums, [.. norms], networkOf);
    }

    /// <summary>
    /// Iterates the standings to their fixed point: each receiver's standing is the credit it receives, every reactor
    /// weighed by its trust times its standing's weight, over its network's norm sum. Accounts that received nothing
    /// keep no standing, so their weight is fixed (trust × the floor). The weights live in a small array of slots: one
    /// per receiver (in the order of <paramref name="receivers"/>), one shared by every fully trusted account that
    /// received nothing, one per other account that received nothing; each edge names its reactor's slot, so an
    /// iteration reads the edges in order and a few hundred kilobytes of weights at random, and every product is the
    /// very number a weight per account gives. Each step reads one buffer of weights and writes the other (one parallel
    /// pass over ranges of receivers of about equal edges), then they swap.
    /// </summary>
    private static Settled Settle(InteractionGraph graph, int[] receivers, double[] trusts, double[] normSums, StandingWeight? standing)
    {
        var n = graph.AccountCount;
        var offsets = graph.InOffsets;
        var sources = graph.InSources;
        var credits = graph.InCredits;
        var floor = standing?.Of(0) ?? 1;
        var slotOf = GC.AllocateUninitializedArray<int>(n);
        Array.Fill(slotOf, -1);
        for (var r = 0; r < receivers.Length; r++)
        {
            slotOf[receivers[r]] = r;
        }

        var slots = receivers.Length + 1;
        var fixedWeights = new List<double>();
        for (var v = 0; v < n; v++)
        {
            if (slotOf[v] < 0)
            {
                // 1.0 × the floor is the shared slot's weight, bit for bit.
                slotOf[v] = trusts[v] == 1.0 ? receivers.Length : slots++;
                if (slotOf[v] > receivers.Length)
                {
                    fixedWeights.Add(trusts[v] * floor);
                }
            }
        }

        var weights = GC.AllocateUninitializedArray<double>(slots);
        for (var r = 0; r < receivers.Length; r++)
        {
            weights[r] = trusts[receivers[r]] * floor;
        }

        weights[receivers.Length] = 1.0 * floor;
        fixedWeights.CopyTo(weights, receivers.Length + 1);
        var next = (double[])weights.Clone();
        var chunks = Chunks(offsets, receivers);
        var edgeSlots = GC.AllocateUninitializedArray<int>(sources.Length);
        var settled = new double[receivers.Length];
        Parallel.For(0, chunks.Length - 1, c =>
        {
            for (var e = offsets[receivers[chunks[c]]]; e < (chunks[c + 1] < receivers.Length ? offsets[receivers[chunks[c + 1]]] : sources.Length); e++)
            {
                edgeSlots[e] = slotOf[sources[e]];
            }
        });
        var most = new double[chunks.Length - 1];
        var iterations = 0;
        while (iterations < MaxIterations)
        {
            iterations++;
            var read = weights;
            var write = next;
            Parallel.For(0, chunks.Length - 1, c =>
            {
                var change = 0.0;
                for (var r = chunks[c]; r < chunks[c + 1]; r++)
                {
                    var v = receivers[r];
                    var sum = 0.0;
                    for (var e = offsets[v]; e < offsets[v + 1]; e++)
                    {
                        sum += credits[e] * read[edgeSlots[e]];
                    }

                    var standingNow = sum / normSums[r];
                    change = Math.Max(change, Math.Abs(standingNow - settled[r]));
                    settled[r] = standingNow;
                    write[r] = trusts[v] * (standing?.Of(standingNow) ?? 1);
                }

                most[c] = change;
            });
            (weights, next) = (next, weights);
            var largest = 0.0;
            foreach (var change in most)
            {
                largest = Math.Max(largest, change);
            }

            if (largest < Tolerance)
            {
                break;
            }
        }

        var standings = new double[n];
        for (var r = 0; r < receivers.Length; r++)
        {
            standings[receivers[r]] = settled[r];
        }

        return new Settled(standings, weights, edgeSlots, chunks, iterations);
    }

    /// <summary>Splits the receivers into a few ranges of about equal in-edges (bounds into <paramref name="receivers"/>), for the parallel passes.</summary>
    private static int[] Chunks(int[] offsets, int[] receivers)
    {
        const int MinEdges = 16_384;
        var edges = offsets[^1];
        var count = Math.Clamp(edges / MinEdges, 1, Environment.ProcessorCount * 4);
        var bounds = new int[count + 1];
        var r = 0;
        for (var c = 1; c < count; c++)
        {
            var until = (long)edges * c / count;
            while (r < receivers.Length && offsets[receivers[r]] < until)
            {
                r++;
            }

            bounds[c] = r;
        }

        bounds[count] = receivers.Length;
        return bounds;
    }

    /// <summary>Each graph account as a sender, under the model's rules: what it sent in the window, and who reacted to it.</summary>
    private static (double[] Trusts, string?[] Reasons) Review(InteractionLog log, InteractionGraph graph, int[] graphIndexOf, DateTimeOffset asOf, ScoreModel model)
    {
        var n = graph.AccountCount;
        var trusts = GC.AllocateUninitializedArray<double>(n);
        Array.Fill(trusts, 1.0);
        var reasons = new string?[n];
        var rules = model.Senders;
        if (rules.IsNone)
        {
            return (trusts, reasons);
        }

        // Every reaction that counts, grouped by sender (a counting sort over graph numbers), as (target, ticks); only
        // senders with enough of them for a rule to weigh them (busy senders) are kept.
        var since = (asOf - model.Window).UtcTicks;
        var now = asOf.UtcTicks;
        var actors = log.ActorArray;
        var targets = log.TargetArray;
        var ticks = log.TickArray;
        var types = log.TypeArray;
        var countedType = new bool[Enum.GetValues<InteractionType>().Max(t => (int)t) + 1];
        foreach (var type in Enum.GetValues<InteractionType>())
        {
            countedType[(int)type] = model.WeightOf(type) > 0 && model.SignalOf(type) >= 0;
        }

        bool Counts(int j) => countedType[(int)types[j]] && ticks[j] > since && ticks[j] <= now && actors[j] != targets[j];
        var counted = new bool[log.Count];
        var sentBy = new int[n];
        for (var j = 0; j < counted.Length; j++)
        {
            if (Counts(j))
            {
                counted[j] = true;
                sentBy[graphIndexOf[actors[j]]]++;
            }
        }

        var least = Math.Min(Math.Min(rules.BurstFrom, rules.SprayFrom), rules.RingPartners);
        var busy = 0;
        for (var v = 0; v < n; v++)
        {
            busy += sentBy[v] >= least ? 1 : 0;
        }

        // starts[b]..starts[b + 1] are busy sender b's reactions; fill[v] is where sender v's next one goes (−1: not busy).
        var senders = GC.AllocateUninitializedArray<int>(busy);
        var starts = GC.AllocateUninitializedArray<int>(busy + 1);
        var fill = sentBy;
        busy = 0;
        var total = 0;
        for (var v = 0; v < n; v++)
        {
            var count = sentBy[v];
            fill[v] = count >= least ? total : -1;
            if (count >= least)
            {
                senders[busy] = v;
                starts[busy++] = total;
                total += count;
            }
        }

        starts[busy] = total;
        var sentTargets = GC.AllocateUninitializedArray<int>(total);
        var sentTicks = GC.AllocateUninitializedArray<long>(total);
        for (var j = 0; j < counted.Length; j++)
        {
            if (counted[j] && fill[graphIndexOf[actors[j]]] is var at && at >= 0)
            {
                sentTargets[at] = targets[j];
                sentTicks[at] = ticks[j];
                fill[graphIndexOf[actors[j]]] = at + 1;
            }
        }

        // A few workers, each with its own tally, take busy senders in small batches.
        var claimed = 0;
        Parallel.For(0, Math.Clamp(busy / 64, 1, Environment.ProcessorCount), _ =>
        {
            const int Batch = 32;
            var tally = new SenderTally(log.AccountCount);
            var received = new List<int>();
            for (var from = Interlocked.Add(ref claimed, Batch) - Batch; from < busy; from = Interlocked.Add(ref claimed, Batch) - Batch)
            {
                for (var b = from; b < Math.Min(busy, from + Batch); b++)
                {
                    var v = senders[b];
                    var mineTicks = sentTicks.AsSpan(starts[b]..starts[b + 1]);
                    var mineTargets = sentTargets.AsSpan(starts[b]..starts[b + 1]);
                    // The rules read the reactions in time order; the order of simultaneous ones changes none of their figures.
                    mineTicks.Sort(mineTargets);
                    received.Clear();
                    var range = log.ReactionsTo(graph.LogNumberAt(v));
                    for (var j = range.Start.Value; j < range.End.Value; j++)
                    {
                        if (counted[j])
                        {
                            received.Add(actors[j]);
                        }
                    }

                    var verdict = SenderReview.Assess(rules, mineTargets, mineTicks, CollectionsMarshal.AsSpan(received), tally);
                    trusts[v] = verdict.Trust;
                    reasons[v] = verdict.Reason;
                }
            }
        });
        return (trusts, reasons);
    }

    private static void InRanges(int n, Action<int, int> body)
    {
        const int PerRange = 8_192;
        var ranges = (n + PerRange - 1) / PerRange;
        if (ranges <= 1)
        {
            body(0, n);
            return;
        }

        Parallel.For(0, ranges, r => body(r * PerRange, Math.Min(n, (r + 1) * PerRange)));
    }

    /// <summary>
    /// What <see cref="Settle"/> leaves: each graph account's standing; the settled weights by slot, the slot of each
    /// in-edge's reactor, and the ranges of receivers the passes split.
    /// </summary>
    private sealed record Settled(double[] Standings, double[] Weights, int[] EdgeSlots, int[] Chunks, int Iterations);
}
