using System.Text.RegularExpressions;
using Sway.Storage;

namespace Sway.Tests.Infra;

/// <summary>
/// infra/ grants access by identity only: no account key, SAS or connection string anywhere, shared keys disabled,
/// and the app's identity holds exactly the data roles it needs, each on the one resource it needs it for.
/// </summary>
public sealed partial class KeylessAccessTests
{
    private const string DeployerId = "5e1f0c2a-1111-4222-8333-944455556666";

    private static readonly Dictionary<string, string> WithDeployer = new() { ["principalId"] = $"'{DeployerId}'" };

    [Fact]
    public void Compiled_template_never_lists_keys_or_builds_a_connection_string()
    {
        var template = Bicep.CompiledTemplateText();

        Assert.DoesNotMatch(KeyMaterial(), template);
    }

    [Fact]
    public async Task Storage_account_accepts_only_entra_id_over_https_with_tls_1_2()
    {
        var deployment = await Bicep.PredictAsync();

        var storage = deployment.StorageAccount["properties"]!;

        Assert.False((bool)storage["allowSharedKeyAccess"]!);
        Assert.True((bool)storage["defaultToOAuthAuthentication"]!);
        Assert.False((bool)storage["allowBlobPublicAccess"]!);
        Assert.True((bool)storage["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string)storage["minimumTlsVersion"]!);
    }

    [Fact]
    public async Task App_settings_reach_storage_by_managed_identity_and_hold_no_key()
    {
        var settings = (await Bicep.PredictAsync()).AppSettings;

        foreach (var connection in new[] { "AzureWebJobsStorage", StorageOptions.ConnectionName })
        {
            Assert.DoesNotContain(connection, settings.Keys);
            Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
            Assert.Contains("userAssignedIdentities", settings[$"{connection}__clientId"], StringComparison.Ordinal);
        }

        Assert.All(settings.Values, value => Assert.DoesNotMatch(KeyMaterial(), value));
    }

    [Fact]
    public async Task Outputs_hold_no_key_or_connection_string()
    {
        var deployment = await Bicep.PredictAsync();

        Assert.All(deployment.Outputs, output =>
        {
            Assert.DoesNotContain("ConnectionString", output.Key, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(KeyMaterial(), output.Value!.ToJsonString());
        });
    }

    [Fact]
    public async Task Application_insights_takes_telemetry_only_from_entra_id()
    {
        var deployment = await Bicep.PredictAsync();

        var component = deployment.Single("Microsoft.Insights/components")["properties"]!;

        Assert.True((bool)component["DisableLocalAuth"]!);
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD', reference(", deployment.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_identity_holds_exactly_the_intended_data_roles()
    {
        var deployment = await Bicep.PredictAsync(WithDeployer);

        var grants = deployment.RoleGrants.Where(g => g.PrincipalId != DeployerId).ToList();

        Assert.All(grants, g => Assert.Equal("ServicePrincipal", g.PrincipalType));
        Assert.All(grants, g => Assert.Contains("/userAssignedIdentities/", g.PrincipalId, StringComparison.Ordinal));
        (string, string)[] intended =
            [
                (BuiltInRoles.StorageBlobDataOwner, "Microsoft.Storage/storageAccounts"),
                (BuiltInRoles.StorageQueueDataContributor, "Microsoft.Storage/storageAccounts"),
                (BuiltInRoles.StorageTableDataContributor, "Microsoft.Storage/storageAccounts"),
                (BuiltInRoles.MonitoringMetricsPublisher, "Microsoft.Insights/components"),
                (BuiltInRoles.KeyVaultSecretsUser, "Microsoft.KeyVault/vaults"),
            ];

        Assert.Equal(intended.Order(), grants.Select(g => (g.Role, g.ScopeType)).Order());
    }

    [Fact]
    public async Task No_one_is_granted_owner_or_contributor_or_anything_at_group_scope()
    {
        var deployment = await Bicep.PredictAsync(WithDeployer);

        Assert.All(deployment.RoleGrants, g =>
        {
            Assert.DoesNotContain(g.Role, new[] { BuiltInRoles.Owner, BuiltInRoles.Contributor, BuiltInRoles.UserAccessAdministrator });
            Assert.Contains("/providers/", g.Scope, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_deployer_may_only_write_vault_secrets_and_only_when_named()
    {
        var named = await Bicep.PredictAsync(WithDeployer);
        var unnamed = await Bicep.PredictAsync();

        var deployerGrant = Assert.Single(named.RoleGrants, g => g.PrincipalId == DeployerId);

        Assert.Equal((BuiltInRoles.KeyVaultSecretsOfficer, "Microsoft.KeyVault/vaults", "User"), (deployerGrant.Role, deployerGrant.ScopeType, deployerGrant.PrincipalType));
        Assert.Equal(named.RoleGrants.Count() - 1, unnamed.RoleGrants.Count());
    }

    // Account keys, SAS and connection strings, in any of the forms ARM or a connection string spells them.
    [GeneratedRegex("listKeys\\(|listAccountSas\\(|listServiceSas\\(|AccountKey=|SharedAccessSignature=|DefaultEndpointsProtocol=|UseDevelopmentStorage", RegexOptions.IgnoreCase)]
    private static partial Regex KeyMaterial();
}
