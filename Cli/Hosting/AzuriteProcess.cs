using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sway.Cli.Hosting;

/// <summary>
/// Azurite, the official Azure Storage emulator, installed from the repository's pinned <c>package.json</c>
/// (<c>npm ci</c>) and run on a fresh temporary folder. The process is started directly (not through npx), so the
/// PID held here is Azurite's own; disposing stops it and deletes its data.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Every Azurite data folder starts with this, so leftovers can be recognised and cleaned up.</summary>
    public const string FolderPrefix = "sway-azurite-";

    // The emulator's well-known development account (public, documented by Microsoft; not a secret).
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly int[] DefaultPorts = [10000, 10001, 10002];
    private readonly Process _process;
    private readonly string _folder;

    private AzuriteProcess(Process process, string folder, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _folder = folder;
        ConnectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{DevAccount};QueueEndpoint=http://127.0.0.1:{queuePort}/{DevAccount};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{DevAccount};");
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Starts Azurite. With <paramref name="preferDefaultPorts"/> it takes 10000-10002 when they are free (so other
    /// <c>sway</c> commands find it), otherwise free ports chosen by the system.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(bool preferDefaultPorts, CancellationToken cancellationToken)
    {
        var executable = FindExecutable();
        int[] ports = preferDefaultPorts && DefaultPorts.All(IsFree) ? DefaultPorts : [FreePort(), FreePort(), FreePort()];
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--location", folder,
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{executable}'.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var azurite = new AzuriteProcess(process, folder, ports[0], ports[1], ports[2]);
        try
        {
            await WaitUntilListeningAsync(process, ports, errors, cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or AggregateException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or part of its process tree exited while being killed (Kill(true) throws an
            // AggregateException then): stopping an emulator is best effort and must not fail its owner's shutdown.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a temp folder left behind is harmless
            }
        }
    }

    /// <summary>The repository's <c>node_modules/.bin/azurite</c>, found from the working folder or the program's folder upwards.</summary>
    internal static string FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("SWAY_AZURITE");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"SWAY_AZURITE names '{configured}', which does not exist.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Azurite is not installed. Run 'npm ci' in the repository root (it installs the pinned emulator), or set SwayStorage to a storage connection string.");
    }

    private static async Task WaitUntilListeningAsync(Process process, int[] ports, System.Text.StringBuilder errors, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                string text;
                lock (errors)
                {
                    text = errors.ToString().Trim();
                }

                throw new InvalidOperationException($"Azurite exited at start-up (code {process.ExitCode}): {text}");
            }

            if (ports.Skip(1).All(IsListening))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
        }

        throw new TimeoutException("Azurite did not start listening within 60 seconds.");
    }

    internal static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
