using System.CommandLine;

namespace Sway.Cli.Commands;

/// <summary><c>sway storage ...</c>: Sway's tables and queues.</summary>
internal static class StorageCommand
{
    public static Command Create() =>
        new("storage", "Sway's tables and queues.") { StorageInitCommand.Create(), StorageMigrateCommand.Create() };
}
