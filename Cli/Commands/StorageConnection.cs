using Sway.Cli.Hosting;
using Sway.Storage;

namespace Sway.Cli.Commands;

/// <summary>
/// Where a command's data lives: the <c>SwayStorage</c> setting when it is set; otherwise an Azurite that
/// <c>sway serve</c> started on the default ports; otherwise (where allowed) a new Azurite on a temporary folder.
/// </summary>
internal sealed class StorageConnection : IAsyncDisposable
{
    private const string DefaultAzurite = "UseDevelopmentStorage=true";
    private readonly AzuriteProcess? _azurite;

    private StorageConnection(string connectionString, AzuriteProcess? azurite, string description)
    {
        ConnectionString = connectionString;
        _azurite = azurite;
        Description = description;
    }

    public string ConnectionString { get; }

    public string Description { get; }

    public bool IsTemporary => _azurite is not null;

    public static async Task<StorageConnection> OpenAsync(bool startAzuriteIfNone, bool reuseRunningAzurite, CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable(StorageOptions.ConnectionName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new StorageConnection(configured, null, $"the storage in {StorageOptions.ConnectionName}");
        }

        if (reuseRunningAzurite && AzuriteProcess.IsListening(10001) && AzuriteProcess.IsListening(10002))
        {
            return new StorageConnection(DefaultAzurite, null, "the Azurite running on 127.0.0.1:10000-10002");
        }

        if (!startAzuriteIfNone)
        {
            throw new InvalidOperationException(
                $"No storage is configured and no Azurite runs on 127.0.0.1:10000-10002. Start 'sway serve' in another terminal, or set {StorageOptions.ConnectionName} to a storage connection string.");
        }

        var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: true, cancellationToken, inMemory: true);
        return new StorageConnection(azurite.ConnectionString, azurite, "a new Azurite in memory (its data is gone on exit)");
    }

    public ValueTask DisposeAsync() => _azurite?.DisposeAsync() ?? ValueTask.CompletedTask;

}
