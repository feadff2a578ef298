using Azure;
using Azure.Data.Tables;

namespace Sway.Storage;

/// <summary>
/// One account's row in a night's standings (<see cref="StandingStore"/>). Either figure may be missing: a row
/// written by a sender review alone has no standing (0), one written by a scoring alone has no trust (1). Trust has
/// two parts, written by different reviews: what the account sent (bursts, sprays) and whether it is in a ring.
/// </summary>
public sealed class StandingEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Network { get; set; } = "";

    public string AccountId { get; set; } = "";

    public double? Standing { get; set; }

    public double? SendTrust { get; set; }

    public string? SendReason { get; set; }

    public double? RingTrust { get; set; }

    public string? RingReason { get; set; }

    /// <summary>When a review last wrote this row's trust.</summary>
    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>The reactor as a scoring weighs it: its standing, and the lower of its two trusts with that one's reason.</summary>
    public Scoring.ReactorStatus ToStatus()
    {
        var (trust, reason) = (RingTrust ?? 1) < (SendTrust ?? 1) ? (RingTrust ?? 1, RingReason) : (SendTrust ?? 1, SendReason);
        return new Scoring.ReactorStatus(Standing ?? 0, trust, string.IsNullOrEmpty(reason) ? null : reason);
    }
}
