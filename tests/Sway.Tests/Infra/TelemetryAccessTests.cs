using System.Text.RegularExpressions;
using Sway.Storage;

namespace Sway.Tests.Infra;

/// <summary>
/// The worker sends its telemetry to the Application Insights component infra/ creates, with Entra auth only: the app's
/// identity (the one whose client id the worker reads from its settings) publishes metrics on that component, and the
/// component takes no instrumentation key.
/// </summary>
public sealed partial class TelemetryAccessTests
{
    [Fact]
    public async Task The_app_identity_is_monitoring_metrics_publisher_on_the_application_insights_component_infra_creates()
    {
        var deployment = await Bicep.PredictAsync();
        var component = deployment.Single("Microsoft.Insights/components");

        var grant = Assert.Single(deployment.RoleGrants, g => g.Role == BuiltInRoles.MonitoringMetricsPublisher);

        Assert.Equal((string)component["id"]!, grant.Scope, ignoreCase: true);
        Assert.Equal("ServicePrincipal", grant.PrincipalType);
        // The worker's exporter authenticates with the client id of SwayStorage__clientId: the same identity.
        var clientIdSetting = deployment.AppSettings[$"{StorageOptions.ConnectionName}__clientId"];
        Assert.Equal(IdentityName(clientIdSetting), IdentityName(grant.PrincipalId));
        Assert.EndsWith("clientId]", clientIdSetting, StringComparison.Ordinal);
        Assert.EndsWith("principalId]", grant.PrincipalId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_application_insights_component_accepts_no_local_authentication_and_the_app_has_its_connection_string()
    {
        var deployment = await Bicep.PredictAsync();

        var component = deployment.Single("Microsoft.Insights/components")["properties"]!;

        Assert.True((bool)component["DisableLocalAuth"]!);
        Assert.Contains("ConnectionString", deployment.AppSettings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
    }

    private static string IdentityName(string armExpression) =>
        Assert.Single(UserAssignedIdentity().Matches(armExpression).Select(m => m.Groups["name"].Value).Distinct());

    [GeneratedRegex("userAssignedIdentities/(?<name>[^'/)]+)'")]
    private static partial Regex UserAssignedIdentity();
}
