namespace Sway.Scoring.Senders;

/// <summary>How far a reactor's reactions are trusted, in [0, 1], and why not fully (null when fully trusted).</summary>
public sealed record SenderVerdict(double Trust, string? Reason)
{
    public static SenderVerdict Trusted { get; } = new(1, null);
}
