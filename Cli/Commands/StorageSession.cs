using Microsoft.AspNetCore.Builder;
using Sway.Cli.Hosting;
using Sway.Storage;

namespace Sway.Cli.Commands;

/// <summary>
/// What a <c>sway storage</c> command works on: the configured storage (or the running Azurite; never a new one, whose
/// data would be gone on exit), announced on the console, and Sway's services over it, with no timer, worker or route
/// started.
/// </summary>
internal sealed class StorageSession : IAsyncDisposable
{
    private readonly StorageConnection _storage;

    private StorageSession(StorageConnection storage, WebApplication app)
    {
        _storage = storage;
        App = app;
    }

    public WebApplication App { get; }

    public static async Task<StorageSession> OpenAsync(CancellationToken cancellationToken)
    {
        var storage = await StorageConnection.OpenAsync(startAzuriteIfNone: false, reuseRunningAzurite: true, cancellationToken);
        Console.WriteLine($"Storage: {storage.Description}.");
        return new StorageSession(storage, LocalHost.Build(new Dictionary<string, string?> { [StorageOptions.ConnectionName] = storage.ConnectionString }, "http://127.0.0.1:0", timers: false, workers: false));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _storage.DisposeAsync();
    }
}
