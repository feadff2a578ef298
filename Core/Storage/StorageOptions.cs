using System.ComponentModel.DataAnnotations;

namespace Sway.Storage;

/// <summary>
/// Options of Sway's storage layout (section <c>Storage</c>). The connection itself is the <c>SwayStorage</c> setting:
/// a connection string, or <c>SwayStorage__tableServiceUri</c>/<c>__queueServiceUri</c> with a credential.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The configuration key of the storage connection, shared by Core's clients and the Functions triggers.</summary>
    public const string ConnectionName = "SwayStorage";

    /// <summary>
    /// Prepended to every table and queue name, so that several isolated Sway instances (or test runs) can share one
    /// account. Lower-case letters and digits, starting with a letter; empty in production.
    /// </summary>
    [RegularExpression("^([a-z][a-z0-9]{0,15})?$", ErrorMessage = "Storage:NamePrefix takes up to 16 lower-case letters and digits, starting with a letter.")]
    public string NamePrefix { get; set; } = "";

    /// <summary>How many table writes (single transactions of up to 100 entities) run at once.</summary>
    [Range(1, 64)]
    public int WriteParallelism { get; set; } = 8;
}
