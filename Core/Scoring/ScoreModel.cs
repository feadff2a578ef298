using Sway.Domain;

namespace Sway.Scoring;

/// <summary>
/// A versioned scoring model: how much each kind of reaction weighs, how fast it fades, how quickly one reactor's
/// repeated reactions stop adding up, and the fixed calibration to 1-100. Posting earns nothing by itself:
/// only reactions received count. The parameters of a version never change; a new model gets a new version.
/// </summary>
public sealed class ScoreModel
{
    /// <summary>
    /// Version 1 (<c>Models/1.0.json</c>): replies and quotes weigh most (they take effort), reposts spread the post,
    /// mentions point at the person, likes are cheap. Half-life of three weeks, 90-day window, one reactor saturates at
    /// 6 units. Calibrated on the full SNAP Higgs replay (59,075 accounts that received a reaction, scored as of the
    /// last event): mean 40.0, median 39, 95th percentile 63, 99th 75, highest 92; one retweet alone gives 31, one like 18.
    /// </summary>
    public static ScoreModel V1 => ScoreModels.Get("1.0");

    private const int TopPostCount = 5;
    private const int TopAmplifierCount = 10;

    private readonly IReadOnlyDictionary<InteractionType, double> _typeWeights;

    /// <summary>A model from its shipped definition (<see cref="ScoreModels"/>).</summary>
    public ScoreModel(ScoreModelDefinition definition)
        : this(
            (definition ?? throw new ArgumentNullException(nameof(definition))).Version,
            definition.TypeWeights,
            definition.HalfLife,
            definition.Window,
            definition.ReactorSaturation,
            definition.Calibration)
    {
    }

    public ScoreModel(
        string version,
        IReadOnlyDictionary<InteractionType, double> typeWeights,
        TimeSpan halfLife,
        TimeSpan window,
        double reactorSaturation,
        ScoreCalibration calibration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(reactorSaturation, 0);
        Version = version;
        _typeWeights = typeWeights;
        HalfLife = halfLife;
        Window = window;
        ReactorSaturation = reactorSaturation;
        Calibration = calibration;
    }

    public string Version { get; }

    public TimeSpan HalfLife { get; }

    /// <summary>Only reactions in (asOf − Window, asOf] count.</summary>
    public TimeSpan Window { get; }

    /// <summary>The most one reactor can contribute, however often they react: <c>K · (1 − e^(−r/K))</c>.</summary>
    public double ReactorSaturation { get; }

    public ScoreCalibration Calibration { get; }

    public double WeightOf(InteractionType type) => _typeWeights.TryGetValue(type, out var weight) ? weight : 0;

    /// <summary>
    /// Scores a profile from the reactions its accounts received, as of <paramref name="asOf"/>. Self-reactions earn
    /// nothing: neither an account reacting to itself nor one of the profile's linked accounts reacting to another.
    /// </summary>
    public ScoreResult Score(Profile profile, IEnumerable<Interaction> received, DateTimeOffset asOf, DateTimeOffset computedAt)
    {
        var since = asOf - Window;
        var own = profile.Accounts.Select(a => (a.Network, a.AccountId)).ToHashSet();
        var weighted = received
            .Where(i => i.OccurredAt > since && i.OccurredAt <= asOf)
            .Where(i => i.ActorId != i.TargetId && !own.Contains((i.Network, i.ActorId)))
            .Select(i => (Interaction: i, Weight: WeightOf(i.Type) * Decay(asOf - i.OccurredAt)))
            .Where(x => x.Weight > 0)
            .ToList();

        // Diminishing returns per reactor: each reactor's raw weight r becomes K·(1 − e^(−r/K)), and every
        // reaction of that reactor keeps its proportional part of what the reactor contributes.
        var byReactor = weighted.GroupBy(x => (x.Interaction.Network, x.Interaction.ActorId)).ToList();
        var credited = new List<(Interaction Interaction, double Credit)>(weighted.Count);
        var amplifiers = new List<(string Network, string ActorId, double Credit, int Reactions)>(byReactor.Count);
        foreach (var reactor in byReactor)
        {
            var raw = reactor.Sum(x => x.Weight);
            var contribution = ReactorSaturation * (1 - Math.Exp(-raw / ReactorSaturation));
            amplifiers.Add((reactor.Key.Network, reactor.Key.ActorId, contribution, reactor.Count()));
            credited.AddRange(reactor.Select(x => (x.Interaction, contribution * x.Weight / raw)));
        }

        var total = credited.Sum(x => x.Credit);
        var score = Calibration.ToScore(total);
        var explanation = total <= 0
            ? ScoreExplanation.Empty
            : Explain(score, total, credited, amplifiers);
        return new ScoreResult(profile.Id, score, Version, asOf, computedAt, explanation);
    }

    /// <summary>
    /// The aggregate input path: a score from figures instead of events. Each reaction received counts as if from a
    /// reactor of its own (distinct reactors are what the figures usually lack), with this model's type weights and
    /// per-reactor saturation; posts and what the account sends earn nothing. The raw weight is calibrated as events' is.
    /// </summary>
    public int ScoreFigures(AccountFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var raw = figures.Received.Sum(r => r.Value * ReactorSaturation * (1 - Math.Exp(-WeightOf(r.Key) / ReactorSaturation)));
        return Calibration.ToScore(raw);
    }

    private double Decay(TimeSpan age) =>
        age <= TimeSpan.Zero ? 1 : Math.Pow(0.5, age / HalfLife);

    private static ScoreExplanation Explain(
        int score,
        double total,
        List<(Interaction Interaction, double Credit)> credited,
        List<(string Network, string ActorId, double Credit, int Reactions)> amplifiers)
    {
        var groups = credited
            .GroupBy(x => (x.Interaction.Network, x.Interaction.Type))
            .Select(g => (g.Key.Network, g.Key.Type, Credit: g.Sum(x => x.Credit), Reactions: g.Count()))
            .OrderByDescending(g => g.Credit)
            .ThenBy(g => g.Network, StringComparer.Ordinal)
            .ThenBy(g => g.Type)
            .ToList();
        var points = ApportionPoints(score - 1, [.. groups.Select(g => g.Credit / total)]);
        var components = groups
            .Select((g, index) => new ScoreComponent(g.Network, g.Type, points[index], Round(g.Credit / total), g.Reactions))
            .ToList();

        var posts = credited
            .Where(x => x.Interaction.PostId is not null)
            .GroupBy(x => (x.Interaction.Network, PostId: x.Interaction.PostId!))
            .Select(g => new PostContribution(g.Key.Network, g.Key.PostId, Round(g.Sum(x => x.Credit) / total), g.Count()))
            .OrderByDescending(p => p.Share)
            .ThenBy(p => p.PostId, StringComparer.Ordinal)
            .ThenBy(p => p.Network, StringComparer.Ordinal)
            .Take(TopPostCount)
            .ToList();

        var top = amplifiers
            .OrderByDescending(a => a.Credit)
            .ThenBy(a => a.ActorId, StringComparer.Ordinal)
            .ThenBy(a => a.Network, StringComparer.Ordinal)
            .Take(TopAmplifierCount)
            .Select(a => new Amplifier(a.Network, a.ActorId, Round(a.Credit / total), a.Reactions))
            .ToList();

        return new ScoreExplanation(1, components, posts, top, credited.Count, amplifiers.Count, Math.Round(total, 3));
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
}
