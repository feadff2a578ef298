namespace Sway.Ingestion;

/// <summary>
/// What a bulk replay run did: events written, interactions stored, profiles created, profiles scored as their last
/// reaction was stored, and profiles scored when the dataset's clock was settled.
/// </summary>
public sealed record BulkReplayReport(int Read, int Stored, int Enrolled, int Scored, int Settled)
{
    public static BulkReplayReport Empty { get; } = new(0, 0, 0, 0, 0);

    public static BulkReplayReport operator +(BulkReplayReport left, BulkReplayReport right) =>
        new(left.Read + right.Read, left.Stored + right.Stored, left.Enrolled + right.Enrolled, left.Scored + right.Scored, left.Settled + right.Settled);
}
