using System.ComponentModel.DataAnnotations;

namespace Sway.Storage.Faults;

/// <summary>
/// A testing aid (section <c>Storage:Faults</c>), off by default: makes every table and queue client fail a chosen
/// fraction of its calls, deterministically for a given seed, and optionally slows every call down. Half of the
/// failed calls never reach storage (503, 500 or a timeout); the other half are carried out by storage and then
/// lose their answer (the client sees a dropped connection, retries, and meets its own earlier success).
/// Both hosts, every <c>sway</c> command and the tests turn it on with <c>Storage__Faults__Rate</c>.
/// </summary>
public sealed class StorageFaultOptions
{
    public const string Section = "Storage:Faults";

    /// <summary>The fraction of storage calls that fail, from 0 (off) to 0.5.</summary>
    [Range(0.0, 0.5, ErrorMessage = "Storage:Faults:Rate takes a fraction from 0 (off) to 0.5.")]
    public double Rate { get; set; }

    /// <summary>Which calls fail: the same seed fails the same calls.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Added to every storage call (to replay slowly); zero by default.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Storage:Faults:Latency takes a duration up to one minute.")]
    public TimeSpan Latency { get; set; }

    public bool Enabled => Rate > 0 || Latency > TimeSpan.Zero;
}
