using Sway.Domain;

using Sway.Scoring;

namespace Sway.Tests.Unit;

/// <summary>
/// The scoring as it was before issue 16, kept as the reference the streaming <see cref="ScoreLedger"/> must equal and
/// as the benchmark's baseline: every reaction that counts is held, with its whole <see cref="Interaction"/> record, and
/// the explanation is built from that list.
/// </summary>
internal sealed class ListLedger
{
    private const int TopPostCount = 5;
    private const int TopAmplifierCount = 10;
    private const int ReasonCount = 3;

    private readonly ScoreModel _model;
    private readonly List<Entry> _entries;
    private readonly List<Reactor> _reactors;

    private ListLedger(ScoreModel model, List<Entry> entries, List<Reactor> reactors)
    {
        _model = model;
        _entries = entries;
        _reactors = reactors;
    }

    public static ListLedger Build(ScoreModel model, Profile profile, IEnumerable<Interaction> received, DateTimeOffset asOf, IReactorStatuses? statuses)
    {
        var since = asOf - model.Window;
        var own = profile.Accounts.Select(a => (a.Network, a.AccountId)).ToHashSet();
        var weighted = received
            .Where(i => i.OccurredAt > since && i.OccurredAt <= asOf)
            .Where(i => i.ActorId != i.TargetId && !own.Contains((i.Network, i.ActorId)))
            .Where(i => !model.IsAdditive || model.SignalOf(i.Type) >= 0)
            .Select(i => (Interaction: i, Weight: model.WeightOf(i.Type) * model.Decay(asOf - i.OccurredAt)))
            .Where(x => x.Weight > 0);

        // Diminishing returns per reactor: each reactor's raw weight r becomes K·(1 − e^(−r/K)), and every reaction of
        // that reactor keeps its proportional part of what the reactor contributes, times the reactor's weight.
        var entries = new List<Entry>();
        var reactors = new List<Reactor>();
        foreach (var group in weighted.GroupBy(x => (x.Interaction.Network, x.Interaction.ActorId)))
        {
            var status = model.IsAdditive ? statuses?.Of(group.Key.Network, group.Key.ActorId) ?? ReactorStatus.Unknown : ReactorStatus.Unknown;
            var weight = model.ReactorWeight(status);
            var standingWeight = model.Standing?.Of(status.Standing) ?? 1;
            var fromStanding = model.IsAdditive && model.Standing is { } standing ? 1 - (standing.Floor / standingWeight) : 0;
            var raw = group.Sum(x => x.Weight);
            var credit = model.Saturate(raw);
            var index = reactors.Count;
            reactors.Add(new Reactor(group.Key.Network, group.Key.ActorId, status, credit * weight, fromStanding, group.Count()));
            entries.AddRange(group.Select(x => new Entry(x.Interaction, credit * x.Weight / raw * weight, index)));
        }

        return new ListLedger(model, entries, reactors);
    }

    public ScoreWorkings Close(Profile profile, DateTimeOffset asOf, DateTimeOffset computedAt)
    {
        var values = _model.IsAdditive ? SignalValues() : [.. _entries.Select(e => e.Effective)];
        var total = values.Sum();
        var score = _model.Calibration.ToScore(total);
        var explanation = total > 0 ? Explain(score, total, values)
            : _model.IsAdditive ? ScoreExplanation.Empty with { Discounted = Discounted() }
            : ScoreExplanation.Empty;
        var result = new ScoreResult(profile.Id, score, _model.Version, asOf, computedAt, explanation);
        return new ScoreWorkings(result, _model.IsAdditive ? Standings(profile) : []);
    }

    /// <summary>
    /// Model 2.0: per network and signal, the credit relative to the network's norm earns the signal's curve points;
    /// networks rank by their points, each after the first counting <see cref="ScoreModel.NetworkFalloff"/> times less;
    /// each reaction's value is its share of its network-signal's credit times those points.
    /// </summary>
    private double[] SignalValues()
    {
        var amounts = new Dictionary<(string Network, int Signal), double>();
        foreach (var entry in _entries)
        {
            var key = (entry.Interaction.Network, _model.SignalOf(entry.Interaction.Type));
            amounts[key] = amounts.GetValueOrDefault(key) + entry.Effective;
        }

        var points = amounts.ToDictionary(a => a.Key, a => _model.Points(a.Key.Signal, a.Value, _model.NormOf(a.Key.Network, _model.SignalNames[a.Key.Signal])));
        var factors = points
            .GroupBy(p => p.Key.Network)
            .Select(g => (Network: g.Key, Points: g.Sum(p => p.Value)))
            .OrderByDescending(n => n.Points)
            .ThenBy(n => n.Network, StringComparer.Ordinal)
            .Select((n, rank) => (n.Network, Factor: Math.Pow(_model.NetworkFalloff, rank)))
            .ToDictionary(n => n.Network, n => n.Factor, StringComparer.Ordinal);
        return [.. _entries.Select(e =>
        {
            var key = (e.Interaction.Network, _model.SignalOf(e.Interaction.Type));
            return amounts[key] > 0 ? factors[key.Network] * points[key] * e.Effective / amounts[key] : 0;
        })];
    }

    private List<AccountStanding> Standings(Profile profile)
    {
        var reactionSignals = _model.SignalNames.Where((_, i) => _model.Signals[i].IsReaction).ToList();
        return [.. profile.Accounts.Select(account =>
        {
            var received = _entries.Where(e => e.Interaction.Network == account.Network && e.Interaction.TargetId == account.AccountId).Sum(e => e.Effective);
            var norm = reactionSignals.Sum(s => _model.NormOf(account.Network, s));
            return new AccountStanding(account.Network, account.AccountId, Math.Round(received / norm, 4));
        })];
    }

    private ScoreExplanation Explain(int score, double total, double[] values)
    {
        var groups = _entries
            .Select((e, i) => (e.Interaction, Value: values[i]))
            .GroupBy(x => (x.Interaction.Network, x.Interaction.Type))
            .Select(g => (g.Key.Network, g.Key.Type, Value: g.Sum(x => x.Value), Reactions: g.Count()))
            .OrderByDescending(g => g.Value)
            .ThenBy(g => g.Network, StringComparer.Ordinal)
            .ThenBy(g => g.Type)
            .ToList();
        var points = ScoreLedger.ApportionPoints(score - 1, [.. groups.Select(g => g.Value / total)]);
        var components = groups
            .Select((g, index) => new ScoreComponent(g.Network, g.Type, points[index], Round(g.Value / total), g.Reactions))
            .ToList();

        var posts = _entries
            .Select((e, i) => (e.Interaction, Value: values[i]))
            .Where(x => x.Interaction.PostId is not null)
            .GroupBy(x => (x.Interaction.Network, PostId: x.Interaction.PostId!))
            .Select(g => new PostContribution(g.Key.Network, g.Key.PostId, Round(g.Sum(x => x.Value) / total), g.Count()))
            .OrderByDescending(p => p.Share)
            .ThenBy(p => p.PostId, StringComparer.Ordinal)
            .ThenBy(p => p.Network, StringComparer.Ordinal)
            .Take(TopPostCount)
            .ToList();

        var byReactor = new double[_reactors.Count];
        var fromStanding = 0.0;
        for (var i = 0; i < _entries.Count; i++)
        {
            var reactor = _entries[i].Reactor;
            byReactor[reactor] += values[i];
            fromStanding += values[i] * _reactors[reactor].FromStanding;
        }

        var additive = _model.IsAdditive;
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

        var explanation = new ScoreExplanation(1, components, posts, amplifiers, _entries.Count, _reactors.Count, Math.Round(total, 3));
        if (!additive)
        {
            return explanation;
        }

        var standingShare = fromStanding / total;
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

    private static double Round(double share) => Math.Round(share, 4);

    private readonly record struct Entry(Interaction Interaction, double Effective, int Reactor);

    private sealed record Reactor(string Network, string AccountId, ReactorStatus Status, double Weight, double FromStanding, int Reactions);
}
