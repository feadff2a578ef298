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

    /// <summary>The amount of reaction signal <paramref name="signal"/> (index in <see cref="ScoreModel.Signals"/>) the account received.</summary>
    public double Amount(int account, int signal) =>
        _graphIndexOf[account] is var v && v >= 0 && _amounts.Length > 0 ? _amounts[(v * Model.Signals.Count) + signal] : 0;

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
        var signals = model.Signals.Count;
        var reactionSignals = Enumerable.Range(0, signals).Where(s => model.Signals[s].IsReaction).ToArray();
        var networks = new Dictionary<string, (double Sum, double[] Norms)>(StringComparer.Ordinal);
        var normSums = new double[n];
        var norms = new double[n * signals];
        for (var v = 0; v < n; v++)
        {
            var network = graph.AccountAt(v).Network;
            if (!networks.TryGetValue(network, out var known))
            {
                var each = new double[signals];
                foreach (var s in reactionSignals)
                {
                    each[s] = model.NormOf(network, model.SignalNames[s]);
                }

                networks[network] = known = (reactionSignals.Sum(s => each[s]), each);
            }

            normSums[v] = known.Sum;
            known.Norms.CopyTo(norms, v * signals);
        }

        // Only accounts that received a reaction ever gain standing; the others keep none, so their weight is fixed
        // (trust × the floor) and the iteration runs over the receivers alone.
        var standing = model.Standing;
        var standings = new double[n];
        var weights = new double[n];
        InRanges(n, (from, to) =>
        {
            for (var v = from; v < to; v++)
            {
                weights[v] = trusts[v] * (standing?.Of(0) ?? 1);
            }
        });
        var receivers = Enumerable.Range(0, n).Where(v => graph.ReactorsOf(v).Length > 0).ToArray();
        var next = new double[receivers.Length];
        var iterations = 0;
        while (iterations < MaxIterations)
        {
            iterations++;
            var change = 0.0;
            var gate = new Lock();
            InRanges(receivers.Length, (from, to) =>
            {
                var most = 0.0;
                for (var r = from; r < to; r++)
                {
                    var v = receivers[r];
                    var sources = graph.ReactorsOf(v);
                    var credits = graph.CreditsTo(v);
                    var sum = 0.0;
                    for (var e = 0; e < sources.Length; e++)
                    {
                        sum += credits[e] * weights[sources[e]];
                    }

                    next[r] = sum / normSums[v];
                    most = Math.Max(most, Math.Abs(next[r] - standings[v]));
                }

                lock (gate)
                {
                    change = Math.Max(change, most);
                }
            });
            InRanges(receivers.Length, (from, to) =>
            {
                for (var r = from; r < to; r++)
                {
                    var v = receivers[r];
                    standings[v] = next[r];
                    weights[v] = trusts[v] * (standing?.Of(next[r]) ?? 1);
                }
            });
            if (change < Tolerance)
            {
                break;
            }
        }

        var amounts = new double[n * signals];
        var totals = new double[n];
        InRanges(n, (from, to) =>
        {
            for (var v = from; v < to; v++)
            {
                var sources = graph.ReactorsOf(v);
                var byType = graph.SignalCreditsTo(v);
                for (var e = 0; e < sources.Length; e++)
                {
                    var weight = weights[sources[e]];
                    for (var s = 0; s < signals; s++)
                    {
                        amounts[(v * signals) + s] += byType[(e * signals) + s] * weight;
                    }
                }

                var total = 0.0;
                foreach (var s in reactionSignals)
                {
                    total += model.Points(s, amounts[(v * signals) + s], norms[(v * signals) + s]);
                }

                totals[v] = total;
            }
        });
        return new ModelRun(model, log, graph, graphIndexOf, totals, standings, trusts, reasons, amounts, iterations);
    }

    /// <summary>Each graph account as a sender, under the model's rules: what it sent in the window, and who reacted to it.</summary>
    private static (double[] Trusts, string?[] Reasons) Review(InteractionLog log, InteractionGraph graph, int[] graphIndexOf, DateTimeOffset asOf, ScoreModel model)
    {
        var n = graph.AccountCount;
        var trusts = new double[n];
        Array.Fill(trusts, 1.0);
        var reasons = new string?[n];
        var rules = model.Senders;
        if (rules.IsNone)
        {
            return (trusts, reasons);
        }

        // Every reaction that counts, grouped by sender (a counting sort over graph numbers), as (target, ticks).
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
        var counts = new int[n + 1];
        for (var j = 0; j < log.Count; j++)
        {
            if (Counts(j))
            {
                counts[graphIndexOf[actors[j]] + 1]++;
            }
        }

        for (var v = 0; v < n; v++)
        {
            counts[v + 1] += counts[v];
        }

        var sent = new (int Target, long Ticks)[counts[n]];
        var fill = (int[])counts.Clone();
        for (var j = 0; j < log.Count; j++)
        {
            if (Counts(j))
            {
                sent[fill[graphIndexOf[actors[j]]]++] = (targets[j], ticks[j]);
            }
        }

        var least = Math.Min(Math.Min(rules.BurstFrom, rules.SprayFrom), rules.RingPartners);
        var busy = Enumerable.Range(0, n).Where(v => counts[v + 1] - counts[v] >= least).ToArray();
        Parallel.ForEach(busy, v =>
        {
            var mine = sent.AsSpan(counts[v]..counts[v + 1]);

            mine.Sort((a, b) => a.Ticks.CompareTo(b.Ticks));
            var receivedFrom = new Dictionary<int, int>();
            var self = graph.LogNumberAt(v);
            var range = log.ReactionsTo(self);
            for (var j = range.Start.Value; j < range.End.Value; j++)
            {
                if (Counts(j))
                {
                    receivedFrom[actors[j]] = receivedFrom.GetValueOrDefault(actors[j]) + 1;
                }
            }

            var verdict = SenderReview.Assess<int>(rules, mine, receivedFrom);
            trusts[v] = verdict.Trust;
            reasons[v] = verdict.Reason is null ? null : verdict.Reason;
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
}
