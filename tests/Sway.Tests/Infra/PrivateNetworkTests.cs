namespace Sway.Tests.Infra;

/// <summary>
/// The private option (<c>vnetEnabled</c>): off by default; on, the app sends its traffic through a delegated
/// subnet and reaches storage and the vault only through private endpoints, which are closed to the internet.
/// </summary>
public sealed class PrivateNetworkTests
{
    private static readonly Dictionary<string, string> Private = new() { ["vnetEnabled"] = "true" };

    [Fact]
    public async Task By_default_there_is_no_network_and_storage_is_reachable_publicly_by_identity()
    {
        var deployment = await Bicep.PredictAsync();

        Assert.Empty(deployment.OfType("Microsoft.Network/virtualNetworks"));
        Assert.Empty(deployment.OfType("Microsoft.Network/privateEndpoints"));
        Assert.Equal("Enabled", (string)deployment.StorageAccount["properties"]!["publicNetworkAccess"]!);
    }

    [Fact]
    public async Task Private_option_closes_storage_and_the_vault_to_the_internet()
    {
        var deployment = await Bicep.PredictAsync(Private);

        var storage = deployment.StorageAccount["properties"]!;
        var vault = deployment.Vault["properties"]!;

        Assert.Equal(("Disabled", "Deny"), ((string)storage["publicNetworkAccess"]!, (string)storage["networkAcls"]!["defaultAction"]!));
        Assert.Equal(("Disabled", "Deny"), ((string)vault["publicNetworkAccess"]!, (string)vault["networkAcls"]!["defaultAction"]!));
    }

    [Fact]
    public async Task Private_option_gives_blob_queue_table_and_vault_each_a_private_endpoint_with_its_dns_zone()
    {
        var deployment = await Bicep.PredictAsync(Private);

        var endpoints = deployment.OfType("Microsoft.Network/privateEndpoints").ToList();
        var groups = endpoints.Select(e => (string)e["properties"]!["privateLinkServiceConnections"]![0]!["properties"]!["groupIds"]![0]!);

        Assert.Equal(["blob", "queue", "table", "vault"], groups.Order());
        Assert.All(endpoints, e => Assert.EndsWith("/subnets/private-endpoints", (string)e["properties"]!["subnet"]!["id"]!, StringComparison.Ordinal));
        Assert.Equal(4, deployment.OfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups").Count());
        Assert.Equal(4, deployment.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks").Count());
    }

    [Fact]
    public async Task Private_option_routes_the_app_through_a_subnet_delegated_to_flex_consumption()
    {
        var deployment = await Bicep.PredictAsync(Private);

        var subnets = deployment.Single("Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray();
        var app = Assert.Single(subnets, s => (string)s!["name"]! == "app")!;

        Assert.Equal("Microsoft.App/environments", (string)app["properties"]!["delegations"]![0]!["properties"]!["serviceName"]!);
        Assert.Contains("subnets[0].id", (string)deployment.FunctionApp["properties"]!["virtualNetworkSubnetId"]!, StringComparison.Ordinal);
    }
}
