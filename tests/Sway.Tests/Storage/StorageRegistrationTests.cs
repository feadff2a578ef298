using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sway.Storage;

namespace Sway.Tests.Storage;

/// <summary>
/// Core's storage registration: a connection string (Azurite, local) or service addresses with a managed identity
/// (Azure), in the setting shape the Functions host reads. Resolving the clients never calls Azure.
/// </summary>
public sealed class StorageRegistrationTests(AzuriteFixture azurite)
{
    private const string ClientId = "6f1c2d3e-0000-4000-8000-00000000abcd";

    /// <summary>The settings infra/ writes: service addresses and a user-assigned managed identity.</summary>
    private static Dictionary<string, string?> IdentityBased() => new()
    {
        ["SwayStorage:tableServiceUri"] = "https://swaydata.table.core.windows.net",
        ["SwayStorage:queueServiceUri"] = "https://swaydata.queue.core.windows.net",
        ["SwayStorage:credential"] = "managedidentity",
        ["SwayStorage:clientId"] = ClientId,
    };

    private static ServiceProvider Register(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSwayStorage(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task Storage_clients_resolve_from_a_connection_string_and_reach_azurite()
    {
        using var services = Register(new() { ["SwayStorage"] = azurite.ConnectionString });

        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<QueueServiceClient>();

        Assert.Equal("devstoreaccount1", tables.AccountName);
        Assert.Equal("devstoreaccount1", queues.AccountName);
        await tables.GetPropertiesAsync(TestContext.Current.CancellationToken);
        await queues.GetPropertiesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Storage_clients_resolve_from_service_addresses_with_a_managed_identity()
    {
        using var services = Register(IdentityBased());

        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<QueueServiceClient>();

        Assert.Equal(new Uri("https://swaydata.table.core.windows.net"), tables.Uri);
        Assert.Equal(new Uri("https://swaydata.queue.core.windows.net"), queues.Uri);
        Assert.IsType<ManagedIdentityCredential>(services.GetRequiredKeyedService<TokenCredential>(StorageOptions.ConnectionName));
    }

    [Fact]
    public void Identity_based_queue_clients_send_base64_messages_as_the_queue_trigger_expects()
    {
        using var services = Register(IdentityBased());

        // Microsoft.Extensions.Azure builds the client from these options (the unnamed registration is "Default").
        var options = services.GetRequiredService<IOptionsMonitor<QueueClientOptions>>().Get("Default");

        Assert.Equal(QueueMessageEncoding.Base64, options.MessageEncoding);
    }

    [Fact]
    public void Storage_clients_derive_both_addresses_from_an_account_name()
    {
        using var services = Register(new() { ["SwayStorage:accountName"] = "swaydata", ["SwayStorage:credential"] = "managedidentity" });

        Assert.Equal(new Uri("https://swaydata.table.core.windows.net"), services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("https://swaydata.queue.core.windows.net"), services.GetRequiredService<QueueServiceClient>().Uri);
    }

    [Fact]
    public void Storage_registration_without_any_connection_names_the_settings_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register([]));

        Assert.StartsWith("No storage is configured: set 'SwayStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains("SwayStorage__tableServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Further_accounts_resolve_from_their_own_settings_and_carry_the_spread_tables_only()
    {
        var settings = IdentityBased();
        settings["Storage:Accounts"] = "3";
        settings["SwayStorage1:tableServiceUri"] = "https://swaydata1.table.core.windows.net";
        settings["SwayStorage1:credential"] = "managedidentity";
        settings["SwayStorage2:accountName"] = "swaydata2";
        settings["SwayStorage2:credential"] = "managedidentity";
        using var services = Register(settings);

        var storage = services.GetRequiredService<SwayStorage>();

        Assert.Equal(3, storage.AccountCount);
        Assert.Equal(
            ["swaydata.table.core.windows.net", "swaydata1.table.core.windows.net", "swaydata2.table.core.windows.net"],
            storage.Profiles.All.Select(t => t.Uri.Host));
        Assert.Equal(3 * StorageNames.TableShards, storage.Interactions.All.Count);
        Assert.Equal("swaydata.table.core.windows.net", storage.Cursors.Uri.Host);
        Assert.Equal("swaydata.queue.core.windows.net", storage.ScoreRequests.Uri.Host);
        Assert.Equal(
            StorageNames.Tables.Count + (2 * StorageNames.SpreadTableShards.Count),
            storage.AllTables().Count());
    }

    [Fact]
    public void Storage_registration_with_more_accounts_than_connections_names_the_missing_connection()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new()
        {
            ["SwayStorage"] = azurite.ConnectionString,
            ["Storage:Accounts"] = "2",
        }));

        Assert.StartsWith("No storage is configured: set 'SwayStorage1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_registration_with_a_table_address_but_no_queue_address_names_the_missing_one()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new()
        {
            ["SwayStorage:tableServiceUri"] = "https://swaydata.table.core.windows.net",
            ["SwayStorage:credential"] = "managedidentity",
        }));

        Assert.StartsWith("'SwayStorage__queueServiceUri' is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("swaydata.table.core.windows.net")]
    [InlineData("ftp://swaydata.table.core.windows.net")]
    public void Storage_registration_rejects_a_service_address_that_is_not_an_absolute_http_address(string address)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new()
        {
            ["SwayStorage:tableServiceUri"] = address,
            ["SwayStorage:queueServiceUri"] = "https://swaydata.queue.core.windows.net",
        }));

        Assert.Contains("'SwayStorage__tableServiceUri' is not an absolute http(s) address", error.Message, StringComparison.Ordinal);
    }
}
