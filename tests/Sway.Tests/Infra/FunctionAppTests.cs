using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sway.Scheduling;
using Sway.Storage;
using Sway.Webhooks;

namespace Sway.Tests.Infra;

/// <summary>
/// The function app infra/ deploys: Flex Consumption running Functions/ on .NET 10 isolated, with the settings
/// Functions/ and Core read (schedules, Sway's storage connection, Key Vault references), wired for azd.
/// </summary>
public sealed partial class FunctionAppTests
{
    [Fact]
    public async Task App_runs_dotnet_10_isolated_on_flex_consumption_with_the_configured_scale()
    {
        var deployment = await Bicep.PredictAsync(new Dictionary<string, string> { ["maximumInstanceCount"] = "250", ["instanceMemoryMB"] = "4096" });

        var config = deployment.FunctionApp["properties"]!["functionAppConfig"]!;
        var plan = deployment.Single("Microsoft.Web/serverfarms")["sku"]!;

        Assert.Equal(("FC1", "FlexConsumption"), ((string)plan["name"]!, (string)plan["tier"]!));
        Assert.Equal(("dotnet-isolated", "10.0"), ((string)config["runtime"]!["name"]!, (string)config["runtime"]!["version"]!));
        Assert.Equal(250, (int)config["scaleAndConcurrency"]!["maximumInstanceCount"]!);
        Assert.Equal(4096, (int)config["scaleAndConcurrency"]!["instanceMemoryMB"]!);
    }

    [Fact]
    public async Task App_deploys_its_package_from_a_private_container_it_reads_as_its_identity()
    {
        var deployment = await Bicep.PredictAsync();

        var storage = deployment.FunctionApp["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        var container = Assert.Single(deployment.ShortNamesOf("Microsoft.Storage/storageAccounts/blobServices/containers"));

        Assert.Equal("blobContainer", (string)storage["type"]!);
        Assert.EndsWith($"'{container}')]", (string)storage["value"]!, StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", (string)storage["authentication"]!["type"]!);
        Assert.Equal(IdentityIdOf(deployment), (string)storage["authentication"]!["userAssignedIdentityResourceId"]!);
    }

    [Fact]
    public async Task App_accepts_only_https_and_no_basic_auth_publishing()
    {
        var deployment = await Bicep.PredictAsync();

        var site = deployment.FunctionApp["properties"]!;
        var publishing = deployment.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.True((bool)site["httpsOnly"]!);
        Assert.Equal("1.2", (string)site["siteConfig"]!["minTlsVersion"]!);
        Assert.Equal("Disabled", (string)site["siteConfig"]!["ftpsState"]!);
        Assert.Equal(["ftp", "scm"], publishing.Select(p => ((string)p["name"]!).Split('/')[^1]).Order());
        Assert.All(publishing, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public async Task Every_schedule_the_timer_triggers_read_is_an_app_setting_from_the_parameters()
    {
        var deployment = await Bicep.PredictAsync(new Dictionary<string, string>
        {
            ["pullSchedule"] = "'0 */5 * * * *'",
            ["rescoreSchedule"] = "'0 30 3 * * *'",
        });

        var scheduleSettings = Directory.EnumerateFiles(Repository.PathOf("Functions"), "*.cs")
            .SelectMany(file => TimerScheduleSetting().Matches(File.ReadAllText(file)).Select(m => m.Groups["setting"].Value))
            .ToList();

        Assert.Equal(2, scheduleSettings.Count);
        Assert.Equal(["0 */5 * * * *", "0 30 3 * * *"], scheduleSettings.Select(s => deployment.AppSettings[s]).Order());
        Assert.All(scheduleSettings, s => Assert.True(CronSchedule.TryParse(deployment.AppSettings[s], out _, out _)));
    }

    [Fact]
    public async Task Core_validates_the_same_schedules_at_start_up()
    {
        var settings = (await Bicep.PredictAsync(new Dictionary<string, string> { ["pullSchedule"] = "'0 */5 * * * *'" })).AppSettings;

        Assert.Equal(settings["PULL_SCHEDULE"], settings[$"{SchedulingOptions.Section}__{nameof(SchedulingOptions.Pull)}"]);
        Assert.Equal(settings["RESCORE_SCHEDULE"], settings[$"{SchedulingOptions.Section}__{nameof(SchedulingOptions.Rescore)}"]);
    }

    [Fact]
    public async Task Core_validates_the_webhook_settings_infra_writes_and_they_allow_no_loopback()
    {
        var settings = (await Bicep.PredictAsync(new Dictionary<string, string> { ["webhookRetrySchedule"] = "'00:00:00,00:01:00'" })).AppSettings;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings
            .Where(s => s.Key.StartsWith(WebhookOptions.Section + "__", StringComparison.Ordinal))
            .Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();

        using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSwayWebhooks(configuration).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<WebhookOptions>>().Value;

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(1)], options.Schedule());
        Assert.False(options.AllowLoopback);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Timeout);
    }

    [Fact]
    public async Task Core_storage_registration_reads_the_storage_settings_infra_writes()
    {
        var deployment = await Bicep.PredictAsync();
        var account = (string)deployment.StorageAccount["name"]!;

        using var services = new ServiceCollection().AddSwayStorage(StorageSettingsOf(deployment)).BuildServiceProvider();

        Assert.Equal(new Uri($"https://{account}.table.core.windows.net/"), services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri($"https://{account}.queue.core.windows.net/"), services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.IsType<ManagedIdentityCredential>(services.GetRequiredKeyedService<TokenCredential>(StorageOptions.ConnectionName));
        Assert.Equal(1, services.GetRequiredService<SwayStorage>().AccountCount);
    }

    [Fact]
    public async Task Core_spreads_its_tables_over_the_further_accounts_infra_creates_with_the_settings_it_writes()
    {
        var deployment = await Bicep.PredictAsync(new Dictionary<string, string> { ["storageAccounts"] = "3" });
        var accounts = deployment.OfType("Microsoft.Storage/storageAccounts").Select(a => (string)a["name"]!).ToList();

        using var services = new ServiceCollection().AddSwayStorage(StorageSettingsOf(deployment)).BuildServiceProvider();
        var storage = services.GetRequiredService<SwayStorage>();

        Assert.Equal(3, accounts.Count);
        Assert.Equal(accounts.Select(a => $"{a}.table.core.windows.net"), storage.Profiles.All.Select(t => t.Uri.Host));
        Assert.All(Enumerable.Range(1, 2), i => Assert.IsType<ManagedIdentityCredential>(services.GetRequiredKeyedService<TokenCredential>(StorageOptions.ConnectionNameOf(i))));
        Assert.Equal($"{accounts[0]}.queue.core.windows.net", storage.ScoreRequests.Uri.Host);
    }

    /// <summary>The storage settings of the app (Storage__*, SwayStorage*__*) as Core reads them, resolved as ARM would at deployment.</summary>
    private static IConfiguration StorageSettingsOf(PredictedDeployment deployment) =>
        new ConfigurationBuilder().AddInMemoryCollection(deployment.AppSettings
            .Where(s => s.Key.StartsWith(StorageOptions.ConnectionName, StringComparison.Ordinal) || s.Key.StartsWith(StorageOptions.Section + "__", StringComparison.Ordinal))
            .Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)Resolve(s.Value))))
            .Build();

    [Fact]
    public async Task Secret_settings_are_key_vault_references_resolved_with_the_app_identity()
    {
        var deployment = await Bicep.PredictAsync(new Dictionary<string, string> { ["secretSettings"] = "['Connectors__Mastodon__Instances__0__Token', 'Webhooks__SigningKey']" });

        var vault = (string)deployment.Vault["name"]!;

        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=Connectors--Mastodon--Instances--0--Token)", deployment.AppSettings["Connectors__Mastodon__Instances__0__Token"]);
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=Webhooks--SigningKey)", deployment.AppSettings["Webhooks__SigningKey"]);
        Assert.Equal(IdentityIdOf(deployment), (string)deployment.FunctionApp["properties"]!["keyVaultReferenceIdentity"]!);
        Assert.True((bool)deployment.Vault["properties"]!["enableRbacAuthorization"]!);
    }

    [Fact]
    public async Task Connectors_are_settings_and_a_live_network_reads_its_pseudonym_key_from_the_vault()
    {
        var off = await Bicep.PredictAsync();
        var on = await Bicep.PredictAsync(new Dictionary<string, string>
        {
            ["mastodonInstances"] = "['mastodon.social', 'example.social']",
            ["blueskyEnabled"] = "true",
            ["secretSettings"] = "['Connectors__Mastodon__Instances__0__Token']",
        });

        var vault = (string)on.Vault["name"]!;
        Assert.Equal("mastodon.social", on.AppSettings["Connectors__Mastodon__Instances__0__Domain"]);
        Assert.Equal("example.social", on.AppSettings["Connectors__Mastodon__Instances__1__Domain"]);
        Assert.Equal("true", on.AppSettings["Connectors__Bluesky__Enabled"]);
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=Privacy--PseudonymKey)", on.AppSettings["Privacy__PseudonymKey"]);
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=Connectors--Mastodon--Instances--0--Token)", on.AppSettings["Connectors__Mastodon__Instances__0__Token"]);
        Assert.Equal("false", off.AppSettings["Connectors__Bluesky__Enabled"]);
        Assert.False(off.AppSettings.ContainsKey("Privacy__PseudonymKey"));
        Assert.DoesNotContain(off.AppSettings.Keys, k => k.StartsWith("Connectors__Mastodon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task App_is_the_azd_service_that_deploys_the_functions_project()
    {
        var deployment = await Bicep.PredictAsync();
        var azureYaml = await File.ReadAllTextAsync(Repository.PathOf("azure.yaml"), TestContext.Current.CancellationToken);

        var service = AzdService().Match(azureYaml);

        Assert.True(service.Success, "azure.yaml declares no service with project, language and host.");
        Assert.Equal(("./Functions", "dotnet", "function"), (service.Groups["project"].Value, service.Groups["language"].Value, service.Groups["host"].Value));
        Assert.True(File.Exists(Repository.PathOf("Functions", "Sway.Functions.csproj")));
        Assert.Equal(service.Groups["name"].Value, (string)deployment.FunctionApp["tags"]!["azd-service-name"]!);
    }

    private static string IdentityIdOf(PredictedDeployment deployment) =>
        (string)deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

    /// <summary>What ARM resolves at deployment: an account's endpoint, the identity's client id.</summary>
    private static string Resolve(string value)
    {
        var endpoint = StorageEndpoint().Match(value);
        if (endpoint.Success)
        {
            return $"https://{endpoint.Groups["account"].Value}.{endpoint.Groups["service"].Value}.core.windows.net/";
        }

        return value.EndsWith(".clientId]", StringComparison.Ordinal) ? "0b4c1d5e-2222-4333-8444-955566667777" : value;
    }

    [GeneratedRegex("""TimerTrigger\("%(?<setting>[A-Za-z0-9_]+)%"\)""")]
    private static partial Regex TimerScheduleSetting();

    [GeneratedRegex(@"storageAccounts/(?<account>[a-z0-9]+)', '[^']+'\)\.primaryEndpoints\.(?<service>blob|queue|table)\]$")]
    private static partial Regex StorageEndpoint();

    [GeneratedRegex(@"services:\s*\n\s+(?<name>[a-z0-9-]+):\s*\n\s+project:\s*(?<project>\S+)\s*\n\s+language:\s*(?<language>\S+)\s*\n\s+host:\s*(?<host>\S+)")]
    private static partial Regex AzdService();
}
