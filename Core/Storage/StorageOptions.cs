using System.ComponentModel.DataAnnotations;

namespace Sway.Storage;

/// <summary>
/// Options of Sway's storage layout (section <c>Storage</c>). The connection itself is the <c>SwayStorage</c> setting:
/// a connection string, or <c>SwayStorage__tableServiceUri</c>/<c>__queueServiceUri</c> with a credential.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// The configuration key of the storage connection, shared by Core's clients and the Functions triggers: the home
    /// account, which holds the queues, the small tables and its share of the spread ones (<see cref="Accounts"/>).
    /// </summary>
    public const string ConnectionName = "SwayStorage";

    /// <summary>
    /// How many storage accounts carry the tables that grow with the profiles (<see cref="StorageNames.SpreadTables"/>):
    /// each partition lives in one account, picked by a hash of its PartitionKey (<see cref="PartitionedTable"/>). Account 0
    /// is <c>SwayStorage</c>; account <c>i</c> is the connection <c>SwayStorage{i}</c> (<see cref="ConnectionNameOf"/>),
    /// in the same shapes. One account carries about 20,000 requests/s; docs/scale.md says how many a night needs.
    /// Changing it moves partitions between accounts: run <c>sway storage migrate</c> before the hosts start.
    /// </summary>
    [Range(1, 64)]
    public int Accounts { get; set; } = 1;

    /// <summary>
    /// Prepended to every table and queue name, so that several isolated Sway instances (or test runs) can share one
    /// account. Lower-case letters and digits, starting with a letter; empty in production.
    /// </summary>
    [RegularExpression("^([a-z][a-z0-9]{0,15})?$", ErrorMessage = "Storage:NamePrefix takes up to 16 lower-case letters and digits, starting with a letter.")]
    public string NamePrefix { get; set; } = "";

    /// <summary>How many table writes (single transactions of up to 100 entities) run at once.</summary>
    [Range(1, 64)]
    public int WriteParallelism { get; set; } = 8;

    /// <summary>
    /// The Azure SDK's own retries of one storage call (on 408, 429, 500, 502, 503, 504 and dropped connections):
    /// how many, and the first delay, which doubles with jitter up to a minute. The SDK's defaults: 3 and 0.8 s.
    /// Above them, long operations retry their steps (<see cref="StorageOutageOptions"/>).
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00", ErrorMessage = "Storage:RetryDelay takes a duration from 1 ms to one minute.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>The connection of storage account <paramref name="account"/>: <c>SwayStorage</c>, <c>SwayStorage1</c>, <c>SwayStorage2</c> …</summary>
    public static string ConnectionNameOf(int account) =>
        account == 0 ? ConnectionName : ConnectionName + account.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
