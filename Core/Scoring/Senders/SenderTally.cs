namespace Sway.Scoring.Senders;

/// <summary>
/// Reusable counters for <see cref="SenderReview"/> over accounts numbered 0 to <see cref="Capacity"/> − 1, so that
/// reviewing many senders allocates nothing per sender. Not thread-safe: one per worker.
/// </summary>
public sealed class SenderTally
{
    private int _mark;

    /// <param name="capacity">How many accounts (numbered 0 to this − 1) the reviewed reactions name.</param>
    public SenderTally(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Counts = new int[capacity];
        Marks = new int[capacity];
    }

    /// <summary>Accounts the reviewed reactions may name (numbered 0 to this − 1).</summary>
    public int Capacity => Counts.Length;

    /// <summary>A count per account, all 0 between reviews.</summary>
    internal int[] Counts { get; }

    /// <summary>Per account, the mark of the last review that marked it.</summary>
    private int[] Marks { get; }

    /// <summary>The marks, with a mark no account carries yet.</summary>
    internal int[] NextMarks(out int mark)
    {
        if (_mark == int.MaxValue)
        {
            Array.Clear(Marks);
            _mark = 0;
        }

        mark = ++_mark;
        return Marks;
    }
}
