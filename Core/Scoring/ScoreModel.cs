using Sway.Domain;
using Sway.Scoring.Engine;
using Sway.Scoring.Senders;

namespace Sway.Scoring;

/// <summary>
/// A versioned scoring model: how much each kind of reaction weighs, how fast it fades, how quickly one reactor's
/// repeated reactions stop adding up, and the fixed calibration to 1-100. Posting earns nothing by itself: only
/// reactions received count. The parameters of a version never change; a new model gets a new version.
/// <list type="bullet">
/// <item>1.0 (<c>Models/1.0.json</c>): the raw total is the sum of every reaction's credit.</item>
/// <item>2.0 and later (a definition with signals): each reactor's credit is also weighed by its standing and its
/// trust (<see cref="ReactorWeight"/>); the credit of each signal on each network, relative to that network's norm,
/// earns points along the signal's curve; the strongest network counts fully and each next one
/// <see cref="NetworkFalloff"/> times less (<see cref="ScoreLedger"/>).</item>
/// </list>
/// </summary>
public sealed class ScoreModel
{
    private readonly IReadOnlyDictionary<InteractionType, double> _typeWeights;
    private readonly ScoreSignal[] _signals;
    private readonly string[] _signalNames;
    private readonly int[] _signalOfType;

    /// <summary>A model from its shipped definition (<see cref="ScoreModels"/>).</summary>
    public ScoreModel(ScoreModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(definition.Version);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(definition.HalfLife, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(definition.Window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(definition.ReactorSaturation, 0);
        Definition = definition;
        _typeWeights = definition.TypeWeights;
        var signals = (definition.Signals ?? new Dictionary<string, ScoreSignal>()).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        _signalNames = [.. signals.Select(s => s.Key)];
        _signals = [.. signals.Select(s => s.Value)];
        _signalOfType = [.. Enum.GetValues<InteractionType>().Select(t => Array.FindIndex(_signals, s => s.Types?.Contains(t) == true))];
        if (IsAdditive)
        {
            if (definition.Calibration.Table is null)
            {
                throw new ArgumentException($"Model {definition.Version} adds signals, so it needs a calibration table.", nameof(definition));
            }

            if (definition.NetworkFalloff is <= 0 or > 1)
            {
                throw new ArgumentException("NetworkFalloff is in (0, 1].", nameof(definition));
            }

            foreach (var (name, signal) in _signalNames.Zip(_signals))
            {
                if (!signal.Curve.IsNonDecreasing || signal.Curve.Knots[0] != 0 || signal.Curve.Values[0] != 0)
                {
                    throw new ArgumentException($"Model {definition.Version}: the curve of {name} must start at (0, 0) and never decrease.", nameof(definition));
                }

                if (signal.IsReaction)
                {
                    _ = NormOf("*", name);
                }
            }
        }
    }

    /// <summary>A model with 1.0's rules and the given numbers (for tests and experiments).</summary>
    public ScoreModel(
        string version,
        IReadOnlyDictionary<InteractionType, double> typeWeights,
        TimeSpan halfLife,
        TimeSpan window,
        double reactorSaturation,
        ScoreCalibration calibration)
        : this(new ScoreModelDefinition(version, string.Empty, typeWeights, halfLife, window, reactorSaturation, calibration))
    {
    }

    /// <summary>
    /// Version 1 (<c>Models/1.0.json</c>): replies and quotes weigh most (they take effort), reposts spread the post,
    /// mentions point at the person, likes are cheap. Half-life of three weeks, 90-day window, one reactor saturates at
    /// 6 units. Calibrated on the full SNAP Higgs replay (59,075 accounts that received a reaction, scored as of the
    /// last event): mean 40.0, median 39, 95th percentile 63, 99th 75, highest 92; one retweet alone gives 31, one like 18.
    /// </summary>
    public static ScoreModel V1 => ScoreModels.Get("1.0");

    public ScoreModelDefinition Definition { get; }

    public string Version => Definition.Version;

    public TimeSpan HalfLife => Definition.HalfLife;

    /// <summary>Only reactions in (asOf − Window, asOf] count.</summary>
    public TimeSpan Window => Definition.Window;

    /// <summary>The most one reactor can contribute, however often they react: <c>K · (1 − e^(−r/K))</c>.</summary>
    public double ReactorSaturation => Definition.ReactorSaturation;

    public ScoreCalibration Calibration => Definition.Calibration;

    /// <summary>True for models that add signal curves (2.0 and later); false for 1.0, which sums credit.</summary>
    public bool IsAdditive => _signals.Length > 0;

    /// <summary>How a reactor's standing weighs its reactions (null: not at all).</summary>
    public StandingWeight? Standing => Definition.Standing;

    /// <summary>When a reactor stops being trusted.</summary>
    public SenderRules Senders => Definition.Senders ?? SenderRules.None;

    public double NetworkFalloff => Definition.NetworkFalloff;

    /// <summary>The signals, in a fixed order (by name).</summary>
    public IReadOnlyList<string> SignalNames => _signalNames;

    public IReadOnlyList<ScoreSignal> Signals => _signals;

    public double WeightOf(InteractionType type) => _typeWeights.TryGetValue(type, out var weight) ? weight : 0;

    /// <summary>The index in <see cref="Signals"/> of the reaction signal that counts <paramref name="type"/>, or −1.</summary>
    public int SignalOf(InteractionType type) => _signalOfType[(int)type];

    /// <summary>The typical amount of reaction signal <paramref name="signal"/> on <paramref name="network"/>.</summary>
    public double NormOf(string network, string signal)
    {
        var norms = Definition.Norms ?? throw new InvalidOperationException($"Model {Version} has no norms.");
        if ((norms.TryGetValue(network, out var own) && own.TryGetValue(signal, out var norm))
            || (norms.TryGetValue("*", out var any) && any.TryGetValue(signal, out norm)))
        {
            return norm > 0 ? norm : throw new InvalidDataException($"Model {Version}: the norm of {signal} on {network} must be positive.");
        }

        throw new InvalidDataException($"Model {Version} has no norm for {signal} on {network} nor on '*'.");
    }

    /// <summary>How much each credit unit of a reactor counts: its trust times its standing weight (1 under model 1.0).</summary>
    public double ReactorWeight(ReactorStatus reactor)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        if (!IsAdditive)
        {
            return 1;
        }

        return Math.Clamp(reactor.Trust, 0, 1) * (Standing?.Of(reactor.Standing) ?? 1);
    }

    /// <summary>The curve points of signal <paramref name="index"/> for an amount relative to its norm.</summary>
    public double Points(int index, double amount, double norm) =>
        amount > 0 ? _signals[index].Curve.Evaluate(Math.Log(1 + (amount / norm))) : 0;

    /// <summary>The saturated credit of a reactor whose reactions weigh <paramref name="raw"/> in total.</summary>
    public double Saturate(double raw) => ReactorSaturation * (1 - Math.Exp(-raw / ReactorSaturation));

    /// <summary>The decay of a reaction <paramref name="age"/> old.</summary>
    public double Decay(TimeSpan age) =>
        age <= TimeSpan.Zero ? 1 : Math.Pow(0.5, age / HalfLife);

    /// <summary>
    /// Scores a profile from the reactions its accounts received, as of <paramref name="asOf"/>. Self-reactions earn
    /// nothing: neither an account reacting to itself nor one of the profile's linked accounts reacting to another.
    /// Reactors are weighed by <paramref name="reactors"/> (unknown reactors when null).
    /// </summary>
    public ScoreResult Score(Profile profile, IEnumerable<Interaction> received, DateTimeOffset asOf, DateTimeOffset computedAt, IReactorStatuses? reactors = null) =>
        Evaluate(profile, received, asOf, computedAt, reactors).Result;

    /// <summary>
    /// As <see cref="Score"/>, also returning each of the profile's accounts' new standing. Reads
    /// <paramref name="received"/> once and holds none of its reactions (memory bounded by reactors, posts and the
    /// (reactor, post) pairs, <see cref="ScoreLedger"/>).
    /// </summary>
    public ScoreWorkings Evaluate(Profile profile, IEnumerable<Interaction> received, DateTimeOffset asOf, DateTimeOffset computedAt, IReactorStatuses? reactors = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(received);
        return ScoreLedger.Evaluate(this, profile, received, asOf, computedAt, reactors);
    }

    /// <summary>
    /// The aggregate input path: a score from figures instead of events (<see cref="ScoreFiguresExactly"/>, rounded).
    /// </summary>
    public int ScoreFigures(AccountFigures figures) => Calibration.ToScore(FiguresTotal(figures));

    /// <summary>
    /// The aggregate path before rounding. Each reaction received counts as if from a reactor of its own (distinct reactors
    /// are what the figures usually lack), with this model's type weights and per-reactor saturation; posts and what the
    /// account sends earn nothing. Under 1.0 the credit is summed; under 2.0 each signal's amount, relative to the
    /// figures' norm, earns its curve's points, audience figures included.
    /// </summary>
    public double ScoreFiguresExactly(AccountFigures figures) => Calibration.ToExactScore(FiguresTotal(figures));

    /// <summary>The raw total of <see cref="ScoreFigures"/>.</summary>
    public double FiguresTotal(AccountFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (!IsAdditive)
        {
            return figures.Received.Sum(r => r.Value * Saturate(WeightOf(r.Key)));
        }

        var norms = Definition.FigureNorms ?? throw new InvalidOperationException($"Model {Version} has no figure norms.");
        var total = 0.0;
        for (var i = 0; i < _signals.Length; i++)
        {
            var amount = FigureAmount(_signals[i], figures);
            total += amount > 0 ? Points(i, amount, norms.TryGetValue(_signalNames[i], out var norm) && norm > 0 ? norm : throw new InvalidDataException($"Model {Version} has no figure norm for {_signalNames[i]}.")) : 0;
        }

        return total;
    }

    /// <summary>The amount of <paramref name="signal"/> in aggregate figures (before normalising).</summary>
    public double FigureAmount(ScoreSignal signal, AccountFigures figures)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(figures);
        return signal.IsReaction
            ? signal.Types!.Sum(t => figures.Received.GetValueOrDefault(t) * Saturate(WeightOf(t)))
            : signal.Figure switch
            {
                ScoreSignal.Followers => figures.Followers,
                ScoreSignal.Listed => figures.Listed,
                _ => throw new InvalidDataException($"Model {Version}: unknown account figure '{signal.Figure}'."),
            };
    }
}
