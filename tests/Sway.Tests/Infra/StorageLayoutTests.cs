using Sway.Storage;

namespace Sway.Tests.Infra;

/// <summary>
/// infra/ creates Sway's storage up front: exactly the tables and queues Core uses, poison queues included; with
/// <c>storageAccounts</c> above 1, the further accounts Core spreads its growing tables over (<c>Storage:Accounts</c>).
/// </summary>
public sealed class StorageLayoutTests
{
    [Fact]
    public async Task Every_table_core_uses_is_created_up_front()
    {
        var deployment = await Bicep.PredictAsync();

        var tables = deployment.ShortNamesOf("Microsoft.Storage/storageAccounts/tableServices/tables");

        Assert.Equal(StorageNames.Tables.Order(), tables.Order());
    }

    [Fact]
    public async Task Every_queue_core_uses_is_created_up_front_with_its_poison_queue()
    {
        var deployment = await Bicep.PredictAsync();

        var queues = deployment.ShortNamesOf("Microsoft.Storage/storageAccounts/queueServices/queues");

        Assert.Equal(StorageNames.Queues.SelectMany(q => new[] { q, StorageNames.PoisonQueueOf(q) }).Order(), queues.Order());
    }

    [Fact]
    public async Task Further_accounts_hold_the_spread_tables_only_locked_down_and_open_to_the_app_for_table_data_only()
    {
        var deployment = await Bicep.PredictAsync(new Dictionary<string, string> { ["storageAccounts"] = "3", ["vnetEnabled"] = "true" });
        var accounts = deployment.OfType("Microsoft.Storage/storageAccounts").ToList();
        var home = (string)accounts[0]["name"]!;
        var further = accounts.Skip(1).Select(a => (string)a["name"]!).ToList();

        var tables = deployment.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => ((string)t["name"]!).Split('/')).ToLookup(n => n[0], n => n[^1]);
        var queues = deployment.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => ((string)q["name"]!).Split('/')[0]);
        var containers = deployment.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => ((string)c["name"]!).Split('/')[0]);
        var grants = deployment.RoleGrants.Where(g => further.Any(f => g.Scope.EndsWith("/storageAccounts/" + f, StringComparison.Ordinal))).ToList();
        var tableEndpoints = deployment.OfType("Microsoft.Network/privateEndpoints")
            .Where(e => (string)e["properties"]!["privateLinkServiceConnections"]![0]!["properties"]!["groupIds"]![0]! == "table")
            .Select(e => (string)e["name"]!);

        Assert.Equal([home + "1", home + "2"], further);
        Assert.Equal(StorageNames.Tables.Order(), tables[home].Order());
        Assert.All(further, f => Assert.Equal(StorageNames.SpreadTableShards.Order(), tables[f].Order()));
        Assert.All(queues, account => Assert.Equal(home, account));
        Assert.Equal([home], containers);
        Assert.All(accounts, a => Assert.False((bool)a["properties"]!["allowSharedKeyAccess"]!));
        Assert.Equal(further.Order(), grants.Select(g => g.Scope.Split('/')[^1]).Order());
        Assert.All(grants, g => Assert.Equal(BuiltInRoles.StorageTableDataContributor, g.Role));
        Assert.Equal(accounts.Select(a => $"pe-{a["name"]}-table").Order(), tableEndpoints.Order());
    }
}
