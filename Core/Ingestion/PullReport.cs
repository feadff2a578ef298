namespace Sway.Ingestion;

/// <summary>What a pull run did: interactions read and stored, profiles affected, score requests sent.</summary>
public sealed record PullReport(int Read, int Stored, int Profiles, int Requests)
{
    public static PullReport Empty { get; } = new(0, 0, 0, 0);

    public static PullReport operator +(PullReport left, PullReport right) =>
        new(left.Read + right.Read, left.Stored + right.Stored, left.Profiles + right.Profiles, left.Requests + right.Requests);
}

/// <summary>Progress of a pull run after a stored batch.</summary>
public sealed record PullProgress(string Source, int Read, int Stored, int Profiles);
