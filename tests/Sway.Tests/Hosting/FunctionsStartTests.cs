using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sway.Api;
using Sway.Http;
using Sway.Storage;

namespace Sway.Tests.Hosting;

/// <summary>
/// The Functions app's start path touches no storage: a host composed as <c>Functions/Program.cs</c> composes its
/// services (<c>AddSwayCore</c> + <c>AddSwayHttp</c>) builds and starts against a storage endpoint that counts every
/// connection, and none is made. (The Functions host itself cannot run here; this is its service composition.)
/// </summary>
public sealed class FunctionsStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Building_and_starting_the_functions_composition_makes_no_storage_call()
    {
        await using var storage = new CountingListener();
        using var host = FunctionsComposition(new() { [StorageOptions.ConnectionName] = storage.ConnectionString, ["Storage:MaxRetries"] = "0" });

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        Assert.Equal(0, storage.Connections);

        // The listener does see a storage call when one is made: a lookup of a well-formed handle reads the tables.
        var outcome = await host.Services.GetRequiredService<ScoreLookup>().ByHandleAsync("demo", "quiet_otter_1", Ct);
        Assert.Equal(503, outcome.Problem?.Status);
        Assert.NotEqual(0, storage.Connections);
    }

    [Fact]
    public async Task The_functions_composition_starts_with_identity_based_storage_settings_without_a_token_or_a_call()
    {
        await using var storage = new CountingListener();
        using var host = FunctionsComposition(new()
        {
            // The shape infra/ sets in Azure: service addresses and a managed identity (none exists here, so a call would fail).
            [$"{StorageOptions.ConnectionName}:tableServiceUri"] = storage.ServiceUri.ToString(),
            [$"{StorageOptions.ConnectionName}:queueServiceUri"] = storage.ServiceUri.ToString(),
            [$"{StorageOptions.ConnectionName}:credential"] = "managedidentity",
            [$"{StorageOptions.ConnectionName}:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        Assert.Equal(0, storage.Connections);
    }

    [Fact]
    public void Functions_program_creates_no_table_or_queue_at_start()
    {
        var program = File.ReadAllText(Repository.PathOf("Functions", "Program.cs"));

        Assert.DoesNotContain("EnsureCreated", program, StringComparison.Ordinal);
        Assert.DoesNotContain("CreateIfNotExists", program, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddSwayCore(builder.Configuration);", program, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddSwayHttp();", program, StringComparison.Ordinal);
    }

    /// <summary>The services of <c>Functions/Program.cs</c>, in a generic host (the Functions builder is one too).</summary>
    private static IHost FunctionsComposition(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSwayCore(builder.Configuration);
        builder.Services.AddSwayHttp();
        return builder.Build();
    }
}
