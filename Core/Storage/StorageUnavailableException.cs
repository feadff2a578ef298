namespace Sway.Storage;

/// <summary>Storage stayed unreachable for longer than <c>Storage:Outage:GiveUpAfter</c> while an operation tried again.</summary>
public sealed class StorageUnavailableException(string operation, TimeSpan unreachableFor, Exception innerException)
    : Exception(
        $"Storage was unreachable for {unreachableFor.TotalSeconds:F0} s while trying to {operation} ({StorageErrors.Describe(innerException)}). " +
        "Nothing stored was lost: run the same command again once storage is back, and it resumes from where it stopped.",
        innerException)
{
    public string Operation { get; } = operation;
}
