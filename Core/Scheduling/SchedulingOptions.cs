using System.ComponentModel.DataAnnotations;

namespace Sway.Scheduling;

/// <summary>
/// When the timers fire (section <c>Schedules</c>): NCRONTAB expressions with seconds, in UTC, the format Azure Functions
/// timer triggers use. In Azure the same values are the app settings <c>PULL_SCHEDULE</c> and <c>RESCORE_SCHEDULE</c>.
/// </summary>
public sealed class SchedulingOptions
{
    public const string Section = "Schedules";

    /// <summary>Pull activity every 15 minutes.</summary>
    [Required]
    public string Pull { get; set; } = "0 */15 * * * *";

    /// <summary>Rescore every profile at 02:00 UTC.</summary>
    [Required]
    public string Rescore { get; set; } = "0 0 2 * * *";

    /// <summary>Profiles read per page by the nightly rescore (a table query page holds at most 1,000).</summary>
    [Range(1, 1000)]
    public int RescorePageSize { get; set; } = 500;

    /// <summary>
    /// Pages one <c>rescore-shards</c> message reads before it hands the rest of its shard on in a new message: bounds
    /// one execution (20 pages of 500: 10,000 profiles, about 313 score messages).
    /// </summary>
    [Range(1, 10_000)]
    public int ShardPagesPerMessage { get; set; } = 20;
}
