using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Sway.Storage;

namespace Sway.Cli.Commands;

/// <summary>
/// <c>sway storage init</c>: creates every table and queue Sway uses (poison queues included) that does not exist yet,
/// in the configured storage. Deployment (<c>infra/</c>) does this in Azure; this is for a storage account made by hand.
/// Idempotent: a second run finds everything and creates nothing.
/// </summary>
internal static class StorageInitCommand
{
    public static Command Create()
    {
        var command = new Command("init", $"Create Sway's tables and queues in the storage of {StorageOptions.ConnectionName} (or the running Azurite); what exists already is left as it is.");
        command.SetAction((_, ct) => RunAsync(ct));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var session = await StorageSession.OpenAsync(cancellationToken);
        var app = session.App;

        var resources = await app.Services.GetRequiredService<SwayStorage>().EnsureCreatedAsync(cancellationToken);
        foreach (var resource in resources.OrderBy(r => r.Kind).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            Console.WriteLine($"{(resource.Created ? "created" : "found  ")}  {resource.Kind.ToString().ToLowerInvariant(),-5}  {resource.Name}");
        }

        var created = resources.Count(r => r.Created);
        Console.WriteLine($"Storage is ready: {created} created, {resources.Count - created} already there.");
        return 0;
    }
}
