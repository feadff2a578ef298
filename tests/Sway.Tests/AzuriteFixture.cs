using Sway.Cli.Hosting;

[assembly: AssemblyFixture(typeof(Sway.Tests.AzuriteFixture))]

namespace Sway.Tests;

/// <summary>
/// One real Azurite for the whole test run, on free ports, its data in memory (nothing survives the run, and Azurite
/// never spends time saving a database that grows with every test), stopped at the end.
/// Tests isolate themselves with a storage name prefix of their own (see <see cref="SwayTestHost"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

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
