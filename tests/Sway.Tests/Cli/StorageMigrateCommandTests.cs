using Azure.Data.Tables;
using Sway.Storage;
using Sway.Tests.Storage;

namespace Sway.Tests.Cli;

/// <summary><c>sway storage migrate</c>: moves an Accounts index of the earlier layout to the bucketed one, and finds nothing to move the second time.</summary>
public sealed class StorageMigrateCommandTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_moves_the_earlier_accounts_index_then_a_second_run_moves_nothing()
    {
        var prefix = SwayTestHost.NewPrefix();
        var environment = new Dictionary<string, string> { ["SwayStorage"] = azurite.ConnectionString, ["Storage__NamePrefix"] = prefix };
        var accounts = new TableClient(azurite.ConnectionString, prefix + StorageNames.AccountsTable);
        await accounts.CreateIfNotExistsAsync(Ct);
        await PartitionedWriter.UpsertAsync(accounts, Enumerable.Range(0, 20).SelectMany(i => AccountIndexTests.EarlierRows("demo", $"demo-{i}", $"d{i}", $"d{i}")), 2, Ct);

        var first = await SwayCli.RunAsync(environment, "storage", "migrate");
        var second = await SwayCli.RunAsync(environment, "storage", "migrate");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("Accounts: moved 40 rows to the current layout.", first.Output, StringComparison.Ordinal);
        Assert.Contains("Interactions: in the current layout already, nothing to move.", first.Output, StringComparison.Ordinal);
        Assert.Contains("Sent: in the current layout already, nothing to move.", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("Accounts: in the current layout already, nothing to move.", second.Output, StringComparison.Ordinal);
        var rows = await TableSnapshot.AllAsync(accounts);
        Assert.Equal(40, rows.Count);
        Assert.All(rows, r => Assert.Equal(AccountIndexKeys.PartitionOf("demo", r.RowKey), r.PartitionKey));
    }
}
