namespace Sway.Scoring;

/// <summary>
/// What a model knows of a reactor when it weighs the reactor's reactions: its <see cref="Standing"/> (the reaction
/// weight it received, in multiples of its network's norm, as of its last scoring) and how far its reactions are
/// trusted (<see cref="Trust"/>, with the reason when below 1). An account Sway knows nothing about is
/// <see cref="Unknown"/>: no standing, fully trusted.
/// </summary>
public sealed record ReactorStatus(double Standing, double Trust, string? Reason)
{
    public static ReactorStatus Unknown { get; } = new(0, 1, null);
}
