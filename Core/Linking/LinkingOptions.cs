using System.ComponentModel.DataAnnotations;

namespace Sway.Linking;

/// <summary>How a proof of control works (section <c>Linking</c>).</summary>
public sealed class LinkingOptions
{
    public const string Section = "Linking";

    /// <summary>How long a one-time code may be used: after this, the person asks for a new one.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many times Sway looks for one code on the network before the code is spent.</summary>
    [Range(1, 20)]
    public int MaxChecks { get; set; } = 5;
}
