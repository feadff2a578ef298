using Sway.Cli.Hosting;

namespace Sway.Tests;

/// <summary>
/// A second real Azurite, standing for a second storage account (<c>SwayStorage1</c>), for the tests of tables spread
/// over several accounts; in memory, stopped when the class's tests are done.
/// </summary>
public sealed class SecondAccountFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("The second Azurite has not started.");

    public async ValueTask InitializeAsync() =>
        _azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, TestContext.Current.CancellationToken, inMemory: true);

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
