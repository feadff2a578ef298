using System.Runtime.InteropServices;
using Sway.Domain;

namespace Sway.Scoring;

/// <summary>
/// One scoring's accounts, kept while the reactions stream past (<see cref="Add"/>) and closed into the score and its
/// explanation (<see cref="Close"/>). A reaction is not held: its decayed weight is added to its reactor's raw total
/// and to one cell per (reactor, post, target account, type). At the close each reactor's saturation and weight are
/// known, and because a reaction's credit is linear in its weight within its reactor (credit = saturated total × weight
/// ÷ raw total × reactor weight), a cell's credit is exactly the sum of its reactions' credits; every part of the
/// explanation (by network and type, by post, by amplifier, from standing) is a sum of cells, so it adds up as before.
/// Memory is bounded by the distinct reactors, posts and cells, not by the reactions (<c>BENCHMARKS.md</c>).
/// </summary>
internal sealed class ScoreLedger(ScoreModel model, Profile profile, DateTimeOffset asOf, IReactorStatuses? statuses)
{
    private const int TopPostCount = 5;
    private const int TopAmplifierCount = 10;
    private const int ReasonCount = 3;

    private readonly DateTimeOffset _since = asOf - model.Window;
    private readonly HashSet<(string Network, string AccountId)> _own = [.. profile.Accounts.Select(a => (a.Network, a.AccountId))];
    private readonly Dictionary<(string Network, string AccountId), int> _reactorIndex = [];
    private readonly List<Reactor> _reactors = [];
    private readonly Dictionary<(string Network, string PostId), int> _postIndex = [];
    private readonly List<Post> _posts = [];
    private readonly Dictionary<Cell, double> _cells = [];
    private readonly Dictionary<(string Network, InteractionType Type), int> _reactionsByComponent = [];
    private int _reactions;

    /// <summary>Scores <paramref name="received"/> in one pass, holding none of its reactions.</summary>
    public static ScoreWorkings Evaluate(ScoreModel model, Profile profile, IEnumerable<Interaction> received, DateTimeOffset asOf, DateTimeOffset computedAt, IReactorStatuses? statuses)
    {
        var ledger = new ScoreLedger(model, profile, asOf, statuses);
        foreach (var interaction in received)
        {
            ledger.Add(interaction);
        }

        return ledger.Close(computedAt);
    }

    /// <summary>
    /// Counts one reaction, if it counts: inside (asOf − window, asOf], not from the profile's own accounts nor to
    /// itself, of a type the model weighs (and, from 2.0 on, of a reaction signal), with a positive decayed weight.
    /// </summary>
    public void Add(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.OccurredAt <= _since || interaction.OccurredAt > asOf
            || interaction.ActorId == interaction.TargetId || _own.Contains((interaction.Network, interaction.ActorId))
            || (model.IsAdditive && model.SignalOf(interaction.Type) < 0))
        {
            return;
        }

        var weight = model.WeightOf(interaction.Type) * model.Decay(asOf - interaction.OccurredAt);
        if (!(weight > 0))
        {
            return;
        }

        var reactor = ReactorOf(interaction);
        ref var sums = ref CollectionsMarshal.AsSpan(_reactors)[reactor];
        sums.Raw += weight;
        sums.Reactions++;
        var post = PostOf(interaction);
        CollectionsMarshal.GetValueRefOrAddDefault(_cells, new Cell(reactor, post, FirstListing(interaction.Network, interaction.TargetId), (byte)interaction.Type), out _) += weight;
        CollectionsMarshal.GetValueRefOrAddDefault(_reactionsByComponent, (interaction.Network, interaction.Type), out _)++;
        _reactions++;
    }

    /// <summary>The score and the explanation of everything added, and, from 2.0 on, each of the profile's accounts' standing.</summary>
    public ScoreWorkings Close(DateTimeOffset computedAt)
    {
        // Each reactor's part: its saturated credit, its weight, and the share of that weight its standing earned.
        var credits = new double[_reactors.Count];
        var weights = new double[_reactors.Count];
        var fromStanding = new double[_reactors.Count];
        for (var r = 0; r < _reactors.Count; r++)
        {
            var reactor = _reactors[r];
            credits[r] = model.Saturate(reactor.Raw);
            weights[r] = model.ReactorWeight(reactor.Status);
            var standingWeight = model.Standing?.Of(reactor.Status.Standing) ?? 1;
            fromStanding[r] = model.IsAdditive && model.Standing is { } standing ? 1 - (standing.Floor / standingWeight) : 0;
        }

        var signals = model.IsAdditive ? SignalPoints(credits, weights) : null;
        var byComponent = new Dictionary<(string Network, InteractionType Type), double>();
        var byPost = new double[_posts.Count];
        var byReactor = new double[_reactors.Count];
        var byAccount = new double[profile.Accounts.Count];
        var total = 0.0;
        var standingTotal = 0.0;
        foreach (var (cell, raw) in _cells)
        {
            var network = _reactors[cell.Reactor].Network;
            var type = (InteractionType)cell.Type;
            var effective = Effective(cell, raw, credits, weights);
            var value = effective;
            if (signals is not null)
            {
                var signal = signals[(network, model.SignalOf(type))];
                value = signal.Amount > 0 ? signal.Points * effective / signal.Amount : 0;
            }

            CollectionsMarshal.GetValueRefOrAddDefault(byComponent, (network, type), out _) += value;
            if (cell.Post >= 0)
            {
                byPost[cell.Post] += value;
            }

            byReactor[cell.Reactor] += value;
            if (cell.Target >= 0)
            {
                byAccount[cell.Target] += effective;
            }

            total += value;
            standingTotal += value * fromStanding[cell.Reactor];
        }

        var score = model.Calibration.ToScore(total);
        var explanation = total > 0 ? Explain(score, total, byComponent, byPost, byReactor, standingTotal)
            : model.IsAdditive ? ScoreExplanation.Empty with { Discounted = Discounted() }
            : ScoreExplanation.Empty;
        var result = new ScoreResult(profile.Id, score, model.Version, asOf, computedAt, explanation);
        return new ScoreWorkings(result, model.IsAdditive ? Standings(byAccount) : []);
    }

    private int ReactorOf(Interaction interaction)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_reactorIndex, (interaction.Network, interaction.ActorId), out var known);
        if (!known)
        {
            index = _reactors.Count;
            var status = model.IsAdditive ? statuses?.Of(interaction.Network, interaction.ActorId) ?? ReactorStatus.Unknown : ReactorStatus.Unknown;
            _reactors.Add(new Reactor(interaction.Network, interaction.ActorId, status));
        }

        return index;
    }

    private int PostOf(Interaction interaction)
    {
        if (interaction.PostId is null)
        {
            return -1;
        }

        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_postIndex, (interaction.Network, interaction.PostId), out var known);
        if (!known)
        {
            index = _posts.Count;
            _posts.Add(new Post(interaction.Network, interaction.PostId));
        }

        var post = index;
        CollectionsMarshal.AsSpan(_posts)[post].Reactions++;
        return post;
    }

    /// <summary>Where the profile first lists the account, or −1 when it does not list it.</summary>
    private short FirstListing(string network, string accountId)
    {
        for (var i = 0; i < profile.Accounts.Count && i < short.MaxValue; i++)
        {
            if (profile.Accounts[i].Network == network && profile.Accounts[i].AccountId == accountId)
            {
                return (short)i;
            }
        }

        return -1;
    }

    /// <summary>A cell's credit: its part of its reactor's saturated credit, times the reactor's weight.</summary>
    private double Effective(Cell cell, double raw, double[] credits, double[] weights) =>
        credits[cell.Reactor] * raw / _reactors[cell.Reactor].Raw * weights[cell.Reactor];

    /// <summary>
    /// Model 2.0: per network and signal, the credit relative to the network's norm earns the signal's curve points;
    /// networks rank by their points, each after the first counting <see cref="ScoreModel.NetworkFalloff"/> times less;
    /// each reaction's value is its share of its network-signal's credit (the amount returned) times those points
    /// (returned after the network's falloff).
    /// </summary>
    private Dictionary<(string Network, int Signal), (double Points, double Amount)> SignalPoints(double[] credits, double[] weights)
    {
        var amounts = new Dictionary<(string Network, int Signal), double>();
        foreach (var (cell, raw) in _cells)
        {
            var key = (_reactors[cell.Reactor].Network, model.SignalOf((InteractionType)cell.Type));
            CollectionsMarshal.GetValueRefOrAddDefault(amounts, key, out _) += Effective(cell, raw, credits, weights);
        }

        var points = amounts.ToDictionary(a => a.Key, a => model.Points(a.Key.Signal, a.Value, model.NormOf(a.Key.Network, model.SignalNames[a.Key.Signal])));
        var factors = points
            .GroupBy(p => p.Key.Network)
            .Select(g => (Network: g.Key, Points: g.Sum(p => p.Value)))
            .OrderByDescending(n => n.Points)
            .ThenBy(n => n.Network, StringComparer.Ordinal)
            .Select((n, rank) => (n.Network, Factor: Math.Pow(model.NetworkFalloff, rank)))
            .ToDictionary(n => n.Network, n => n.Factor, StringComparer.Ordinal);
        return amounts.ToDictionary(a => a.Key, a => (factors[a.Key.Network] * points[a.Key], a.Value));
    }

    private List<AccountStanding> Standings(double[] byAccount)
    {
        var reactionSignals = model.SignalNames.Where((_, i) => model.Signals[i].IsReaction).ToList();
        return [.. profile.Accounts.Select(account =>
        {
            // Reactions to an account listed twice went to its first listing.
            var received = byAccount[FirstListing(account.Network, account.AccountId)];
            var norm = reactionSignals.Sum(s => model.NormOf(account.Network, s));
            return new AccountStanding(account.Network, account.AccountId, Math.Round(received / norm, 4));
        })];
    }

    private ScoreExplanation Explain(int score, double total, Dictionary<(string Network, InteractionType Type), double> byComponent, double[] byPost, double[] byReactor, double standingTotal)
    {
        var groups = byComponent
            .Select(c => (c.Key.Network, c.Key.Type, Value: c.Value, Reactions: _reactionsByComponent[c.Key]))
            .OrderByDescending(g => g.Value)
            .ThenBy(g => g.Network, StringComparer.Ordinal)
            .ThenBy(g => g.Type)
            .ToList();
        var points = ApportionPoints(score - 1, [.. groups.Select(g => g.Value / total)]);
        var components = groups
            .Select((g, index) => new ScoreComponent(g.Network, g.Type, points[index], Round(g.Value / total), g.Reactions))
            .ToList();

        var posts = _posts
            .Select((p, index) => new PostContribution(p.Network, p.PostId, Round(byPost[index] / total), p.Reactions))
            .OrderByDescending(p => p.Share)
            .ThenBy(p => p.PostId, StringComparer.Ordinal)
            .ThenBy(p => p.Network, StringComparer.Ordinal)
            .Take(TopPostCount)
            .ToList();

        var additive = model.IsAdditive;
        var amplifiers = _reactors
            .Select((r, index) => (Reactor: r, Value: byReactor[index]))
            .Where(a => !additive || a.Value > 0)
            .OrderByDescending(a => a.Value)
            .ThenBy(a => a.Reactor.AccountId, StringComparer.Ordinal)
            .ThenBy(a => a.Reactor.Network, StringComparer.Ordinal)
            .Take(TopAmplifierCount)
            .Select(a => new Amplifier(a.Reactor.Network, a.Reactor.AccountId, Round(a.Value / total), a.Reactor.Reactions)
            {
                Standing = additive ? Math.Round(a.Reactor.Status.Standing, 2) : null,
                Trust = additive && a.Reactor.Status.Trust < 1 ? Math.Round(a.Reactor.Status.Trust, 2) : null,
            })
            .ToList();

        var explanation = new ScoreExplanation(1, components, posts, amplifiers, _reactions, _reactors.Count, Math.Round(total, 3));
        if (!additive)
        {
            return explanation;
        }

        var standingShare = standingTotal / total;
        return explanation with
        {
            Standing = new StandingContribution((int)Math.Round((score - 1) * standingShare, MidpointRounding.AwayFromZero), Round(standingShare)),
            Discounted = Discounted(),
        };
    }

    private DiscountedReactors? Discounted()
    {
        var discounted = _reactors.Where(r => r.Status.Trust < 1).ToList();
        return discounted.Count == 0
            ? null
            : new DiscountedReactors(
                discounted.Count,
                discounted.Sum(r => r.Reactions),
                [.. discounted.Where(r => r.Status.Reason is not null).OrderBy(r => r.Status.Trust).ThenBy(r => r.AccountId, StringComparer.Ordinal).Select(r => $"{r.AccountId}: {r.Status.Reason}").Take(ReasonCount)]);
    }

    /// <summary>Largest-remainder apportionment: whole points in proportion to the shares, summing exactly to <paramref name="points"/>.</summary>
    internal static int[] ApportionPoints(int points, IReadOnlyList<double> shares)
    {
        var exact = shares.Select(s => s * points).ToArray();
        var whole = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = points - whole.Sum();
        foreach (var index in Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - whole[i]).ThenBy(i => i).Take(left))
        {
            whole[index]++;
        }

        return whole;
    }

    private static double Round(double share) => Math.Round(share, 4);

    /// <summary>A reactor, with the raw weight and the number of its reactions so far.</summary>
    private record struct Reactor(string Network, string AccountId, ReactorStatus Status)
    {
        public double Raw { get; set; }

        public int Reactions { get; set; }
    }

    /// <summary>A post, with the number of reactions it received so far.</summary>
    private record struct Post(string Network, string PostId)
    {
        public int Reactions { get; set; }
    }

    /// <summary>
    /// The reactions of one reactor to one post (−1: none named) of one of the profile's accounts (−1: another
    /// account) of one type: their decayed weights add up in the cell.
    /// </summary>
    private readonly record struct Cell(int Reactor, int Post, short Target, byte Type);
}
