namespace Sway.Scoring.Senders;

/// <summary>
/// When a model stops trusting a reactor's reactions (part of a model version's data). Each rule ramps from full trust
/// at its <c>From</c> figure to none at its <c>To</c> figure, so that nobody's weight jumps at a threshold:
/// <list type="bullet">
/// <item><b>Burst</b>: distinct accounts reacted to within any <see cref="BurstWindow"/> (a mention or like bot
/// spraying accounts).</item>
/// <item><b>Spray</b>: distinct accounts reacted to within any day (the same pattern, spread out).</item>
/// <item><b>Ring</b>: with at least <see cref="RingPartners"/> partners (accounts it reacts to that react back), sending
/// at least <see cref="RingSentShare"/> of its reactions to them, and receiving a share of its reactions from them
/// that ramps from <see cref="RingReceivedFrom"/> to <see cref="RingReceivedTo"/>: a closed group that mostly reacts
/// among itself.</item>
/// </list>
/// </summary>
public sealed record SenderRules(
    TimeSpan BurstWindow,
    int BurstFrom,
    int BurstTo,
    int SprayFrom,
    int SprayTo,
    int RingPartners,
    double RingSentShare,
    double RingReceivedFrom,
    double RingReceivedTo)
{
    /// <summary>Trust everyone (model 1.0).</summary>
    public static SenderRules None { get; } = new(TimeSpan.FromHours(1), int.MaxValue - 1, int.MaxValue, int.MaxValue - 1, int.MaxValue, int.MaxValue, 2, 2, 3);

    public bool IsNone => BurstFrom >= int.MaxValue - 1 && SprayFrom >= int.MaxValue - 1 && RingPartners == int.MaxValue;
}
