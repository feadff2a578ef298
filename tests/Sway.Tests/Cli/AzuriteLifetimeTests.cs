using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Sway.Cli.Hosting;

namespace Sway.Tests.Cli;

/// <summary>
/// The Azurite that <c>sway</c> starts for itself: it dies with its owner however the owner dies, it can be stopped
/// and restarted on its data (a storage outage, for tests), and the data folders of killed owners do not pile up.
/// </summary>
public sealed class AzuriteLifetimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_Azurite_started_by_sway_does_not_outlive_it_after_SIGKILL()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Reads the process table from /proc.");
        int[] azurites = [];
        try
        {
            await using var sway = SwayProcess.Start(new Dictionary<string, string>(), "serve", "--port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));
            await sway.WaitForOutputAsync(line => line.Contains("listening", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            azurites = AzuritesStartedBy(sway.Id);
            Assert.True(azurites.Length > 0, $"No Azurite child of sway (PID {sway.Id}) was found.{Environment.NewLine}{sway.Output}");
            var folder = DataFolderOf(azurites[0]);
            Assert.True(File.Exists(Path.Combine(folder, AzuriteProcess.OwnerFileName)), $"{folder} names no owner.");

            sway.Kill();
            await sway.WaitForExitAsync(TimeSpan.FromSeconds(10));

            var since = Stopwatch.StartNew();
            while (azurites.Any(IsAzurite) && since.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, Ct);
            }

            Assert.DoesNotContain(azurites, IsAzurite);

            // The killed sway could not delete its Azurite's data folder: the next start does.
            AzuriteProcess.DeleteAbandonedFolders();
            Assert.False(Directory.Exists(folder), folder);
        }
        finally
        {
            foreach (var pid in azurites.Where(IsAzurite))
            {
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }

            AzuriteProcess.DeleteAbandonedFolders();
        }
    }

    [Fact]
    public async Task A_stopped_Azurite_refuses_connections_and_once_restarted_serves_the_data_it_had()
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, Ct);
        var service = new TableServiceClient(azurite.ConnectionString);
        var table = service.GetTableClient("Lifetime" + Guid.NewGuid().ToString("N"));
        await table.CreateAsync(Ct);
        await table.AddEntityAsync(new TableEntity("partition", "row") { ["Value"] = "kept" }, Ct);

        await azurite.StopAsync();

        var refused = Assert.Throws<SocketException>(() => Connect(table.Uri.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        var impatient = new TableClient(azurite.ConnectionString, table.Name, new TableClientOptions { Retry = { MaxRetries = 0 } });
        await Assert.ThrowsAsync<RequestFailedException>(() => impatient.GetEntityAsync<TableEntity>("partition", "row", cancellationToken: Ct));

        await azurite.RestartAsync(Ct);

        var entity = await table.GetEntityAsync<TableEntity>("partition", "row", cancellationToken: Ct);
        Assert.Equal("kept", entity.Value.GetString("Value"));
    }

    [Fact]
    public void The_data_folder_of_an_owner_that_no_longer_runs_is_deleted_and_the_others_are_kept()
    {
        using var exited = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        exited.WaitForExit();
        var abandoned = FolderOwnedBy(exited.Id);
        var owned = FolderOwnedBy(Environment.ProcessId);
        var unknown = Directory.CreateTempSubdirectory(AzuriteProcess.FolderPrefix).FullName;
        try
        {
            AzuriteProcess.DeleteAbandonedFolders();

            Assert.False(Directory.Exists(abandoned));
            Assert.True(Directory.Exists(owned));
            Assert.True(Directory.Exists(unknown));
        }
        finally
        {
            foreach (var folder in new[] { abandoned, owned, unknown }.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string FolderOwnedBy(int pid)
    {
        var folder = Directory.CreateTempSubdirectory(AzuriteProcess.FolderPrefix).FullName;
        File.WriteAllText(Path.Combine(folder, AzuriteProcess.OwnerFileName), string.Create(CultureInfo.InvariantCulture, $"{pid}\n"));
        File.WriteAllText(Path.Combine(folder, "__azurite_db_table__.json"), "{}");
        return folder;
    }

    /// <summary>The processes whose parent is <paramref name="parent"/> and whose command line names an Azurite data folder.</summary>
    private static int[] AzuritesStartedBy(int parent) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsAzurite(pid) && ParentOf(pid) == parent)];

    /// <summary>The folder of an Azurite process: its working directory (its <c>--location</c> too, when it keeps its data on disk).</summary>
    private static string DataFolderOf(int pid) => new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget ?? string.Empty;

    /// <summary>A running (not zombie) Azurite process that works in a folder of <see cref="AzuriteProcess"/>'s.</summary>
    private static bool IsAzurite(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains("azurite", StringComparison.OrdinalIgnoreCase)
                && DataFolderOf(pid).Contains(AzuriteProcess.FolderPrefix, StringComparison.Ordinal)
                && State(pid) is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // gone
        }
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ...", where comm may itself hold spaces and parentheses.
    private static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static char State(int pid) => StatFields(pid)[0][0];

    private static int ParentOf(int pid)
    {
        try
        {
            return int.Parse(StatFields(pid)[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static void Connect(int port)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
    }

}
