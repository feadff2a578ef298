using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Sway.Storage;

namespace Sway.Cli.Commands;

/// <summary>
/// <c>sway storage migrate</c>: brings stored data written by an earlier Sway to the current layout: the Accounts index
/// moves from one partition per network to 256 per network, the by-sender index from 64 to 1,024, the reactions into their table shards, the standings from 16 partitions per generation to 64 (<see cref="LayoutMigration"/>). Run it once after
/// upgrading, before the hosts start. Idempotent: a second run finds nothing to move.
/// </summary>
internal static class StorageMigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", $"Move data stored by an earlier Sway in the storage of {StorageOptions.ConnectionName} (or the running Azurite) to the current layout; run it before the hosts start.");
        command.SetAction((_, ct) => RunAsync(ct));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var session = await StorageSession.OpenAsync(cancellationToken);
        var app = session.App;

        await app.Services.GetRequiredService<SwayStorage>().EnsureCreatedAsync(cancellationToken);
        var moved = await app.Services.GetRequiredService<LayoutMigration>().MigrateAsync(cancellationToken);
        foreach (var (table, rows) in moved)
        {
            Console.WriteLine(rows == 0
                ? $"{table}: in the current layout already, nothing to move."
                : $"{table}: moved {rows:N0} rows to the current layout.");
        }

        return 0;
    }
}
