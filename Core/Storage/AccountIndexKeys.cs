namespace Sway.Storage;

/// <summary>
/// The keys of the Accounts index. Each row's PartitionKey is <c>{network}|{bucket}</c>, the bucket (<c>00</c> to
/// <c>ff</c>) a stable hash of its RowKey (<see cref="TableKey.Bucket"/>), so a network's rows spread over 256
/// partitions instead of one: no partition takes every write of a replay or every lookup, and Azurite, which scans a
/// partition linearly, keeps each small. RowKeys are <c>id|{accountId}</c> and <c>handle|{handle}</c> (escaped).
/// A network's rows are the PartitionKey range <c>({network}|, {network}})</c>; listed, they come by bucket, then
/// RowKey. The earlier layout (one partition named after the network) is moved over by <see cref="LayoutMigration"/>.
/// </summary>
public static class AccountIndexKeys
{
    public const int Buckets = 256;
    private const string IdPrefix = "id";
    private const string HandlePrefix = "handle";
    private const string PlainSuffixCharacters = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string IdRow(string accountId) => TableKey.Join(IdPrefix, TableKey.Escape(accountId));

    public static string HandleRow(string handle) => TableKey.Join(HandlePrefix, TableKey.Escape(handle));

    /// <summary>The partition of a row of <paramref name="network"/> with this RowKey.</summary>
    public static string PartitionOf(string network, string rowKey) =>
        TableKey.Join(network, TableKey.Bucket(rowKey, Buckets).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The lower bound (exclusive) of the network's partitions.</summary>
    public static string NetworkStart(string network) => network + TableKey.Separator;

    /// <summary>The upper bound (exclusive) of the network's partitions.</summary>
    public static string NetworkEnd(string network) => network + (char)(TableKey.Separator + 1);

    /// <summary>The lower bound (exclusive) of the <c>id|</c> rows in a partition.</summary>
    public static string IdRowsStart => TableKey.Join(IdPrefix, "");

    /// <summary>The upper bound (exclusive) of the <c>id|</c> rows in a partition.</summary>
    public static string IdRowsEnd => IdPrefix + (char)(TableKey.Separator + 1);

    /// <summary>Whether a PartitionKey is of the earlier layout, one partition per network (no bucket).</summary>
    public static bool IsEarlierLayout(string partitionKey) => !partitionKey.Contains(TableKey.Separator, StringComparison.Ordinal);

    /// <summary>
    /// A key to list linked accounts after that sorts just below <paramref name="accountId"/> in the index's order (the
    /// same bucket, a RowKey just below) and is not the id: where a pass goes on after an erased account without
    /// naming it. It is the id with its last character lowered, then <c>\uffff</c> and a short plain suffix chosen so
    /// that its bucket is the id's; the accounts between are at most listed again.
    /// </summary>
    public static string KeyJustBelow(string accountId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var stem = accountId[..^1] + (char)(accountId[^1] - 1) + "\uffff";
        var bucket = TableKey.Bucket(IdRow(accountId), Buckets);
        foreach (var suffix in Suffixes())
        {
            if (TableKey.Bucket(IdRow(stem + suffix), Buckets) == bucket)
            {
                return stem + suffix;
            }
        }

        throw new InvalidOperationException("No key of the account's bucket sorts just below it.");
    }

    private static IEnumerable<string> Suffixes()
    {
        foreach (var a in PlainSuffixCharacters)
        {
            yield return $"{a}";
        }

        foreach (var a in PlainSuffixCharacters)
        {
            foreach (var b in PlainSuffixCharacters)
            {
                yield return $"{a}{b}";
            }
        }

        foreach (var a in PlainSuffixCharacters)
        {
            foreach (var b in PlainSuffixCharacters)
            {
                foreach (var c in PlainSuffixCharacters)
                {
                    yield return $"{a}{b}{c}";
                }
            }
        }
    }
}
