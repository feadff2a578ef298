using System.Text.Json.Nodes;

namespace Sway.Tests.Infra;

/// <summary>The resources a deployment of infra/main.bicep would create (a <c>bicep snapshot</c>), by type.</summary>
internal sealed class PredictedDeployment(JsonNode snapshot)
{
    public IReadOnlyList<JsonNode> Resources { get; } = snapshot["predictedResources"]!.AsArray().Select(r => r!).ToList();

    public JsonObject Outputs { get; } = snapshot["outputs"]!.AsObject();

    public IEnumerable<JsonNode> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonNode Single(string type) => Assert.Single(OfType(type));

    /// <summary>The last segment of each resource's name (a table's own name, say, without its account's).</summary>
    public IEnumerable<string> ShortNamesOf(string type) => OfType(type).Select(r => ((string)r["name"]!).Split('/')[^1]);

    /// <summary>The function app's settings, as deployed (values may be ARM expressions resolved at deployment).</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        Single("Microsoft.Web/sites/config")["properties"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);

    public JsonNode FunctionApp => Single("Microsoft.Web/sites");

    public JsonNode StorageAccount => Single("Microsoft.Storage/storageAccounts");

    public JsonNode Vault => Single("Microsoft.KeyVault/vaults");

    /// <summary>Every role assignment: the built-in role, the resource it is granted on, and to whom.</summary>
    public IEnumerable<RoleGrant> RoleGrants =>
        OfType("Microsoft.Authorization/roleAssignments").Select(r =>
        {
            var id = (string)r["id"]!;
            return new RoleGrant(
                Role: ((string)r["properties"]!["roleDefinitionId"]!).Split('/')[^1],
                Scope: id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal)],
                PrincipalId: (string)r["properties"]!["principalId"]!,
                PrincipalType: (string)r["properties"]!["principalType"]!);
        });
}

/// <summary>One role assignment: which built-in role (its id), on which resource (its id), to whom.</summary>
internal sealed record RoleGrant(string Role, string Scope, string PrincipalId, string PrincipalType)
{
    /// <summary>The type of the resource the role is granted on, e.g. <c>Microsoft.Storage/storageAccounts</c>.</summary>
    public string ScopeType => string.Join('/', Scope.Split("/providers/")[^1].Split('/').Take(2));
}
