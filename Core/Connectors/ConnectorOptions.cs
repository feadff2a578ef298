using System.ComponentModel.DataAnnotations;

namespace Sway.Connectors;

/// <summary>Settings every connector shares (section <c>Connectors</c>).</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    /// <summary>The longest a run waits out a network's rate limit; a longer wait ends the run's pull of that network.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a request that failed transiently (429, 5xx, timeout, connection) is tried again.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay (exponential with jitter after it) when the network names none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
