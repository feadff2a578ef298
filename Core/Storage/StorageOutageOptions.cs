using System.ComponentModel.DataAnnotations;

namespace Sway.Storage;

/// <summary>
/// How long operations (a pull, a replay, the nightly fan-out) keep trying when storage fails beyond the SDK's own
/// retries (section <c>Storage:Outage</c>).
/// </summary>
public sealed class StorageOutageOptions
{
    public const string Section = "Storage:Outage";

    /// <summary>Give up, with a clear message, when storage has been unreachable this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Storage:Outage:GiveUpAfter takes a duration from one second to one day.")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first wait before trying again; it doubles (with jitter) up to <see cref="MaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Storage:Outage:FirstDelay takes a duration from 10 ms to one minute.")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Storage:Outage:MaxDelay takes a duration from 10 ms to ten minutes.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(15);
}
