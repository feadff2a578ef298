using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sway.Cli.Hosting;

/// <summary>
/// Azurite, the official Azure Storage emulator, installed from the repository's pinned <c>package.json</c>
/// (<c>npm ci</c>) and run on a fresh temporary folder. Disposing stops it and deletes its data.
/// </summary>
/// <remarks>
/// Azurite dies with its owner, even when the owner is killed with SIGKILL: it runs in a <c>node</c> started with a
/// small watchdog script (<see cref="Watchdog"/>) that exits when its standard input reaches its end, and the write end
/// of that pipe is held by this object, so the kernel closes it when the owner dies, however it dies. The watchdog then
/// <c>require()</c>s Azurite's own script in the same process, so the PID held here is still Azurite's.
/// </remarks>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Every Azurite data folder starts with this, so leftovers can be recognised and cleaned up.</summary>
    public const string FolderPrefix = "sway-azurite-";

    /// <summary>The file, in each data folder, that names the process that owns it: its PID and start time.</summary>
    internal const string OwnerFileName = "sway-owner";

    // The emulator's well-known development account (public, documented by Microsoft; not a secret).
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Run by `node -e`, with Azurite's script and arguments after it. Standard input is a pipe whose write end the
    // owner holds: its end means the owner is gone, so exit at once. A "stop" line asks for Azurite's own graceful
    // shutdown (SIGTERM handler: close the servers, save the databases). The pipe is unref'd so that it alone never
    // keeps the process alive: once Azurite has closed its servers, node exits as it would without the watchdog.
    // Then process.argv is made to look as if Azurite's script had been run directly (its argument parser reads it).
    private const string Watchdog = """
        const stdin = process.stdin;
        const quit = () => process.exit(0);
        stdin.on('end', quit);
        stdin.on('close', quit);
        stdin.on('error', quit);
        stdin.on('data', data => { if (String(data).includes('stop')) process.kill(process.pid, 'SIGTERM'); });
        stdin.resume();
        if (typeof stdin.unref === 'function') stdin.unref();
        const azurite = require('path').resolve(process.argv[1]);
        process.argv = [process.argv[0], azurite, ...process.argv.slice(2)];
        require(azurite);
        """;

    private static readonly int[] DefaultPorts = [10000, 10001, 10002];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RebindTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan UnannouncedGrace = TimeSpan.FromSeconds(5);

    private readonly string _script;
    private readonly string _folder;
    private readonly bool _inMemory;
    private readonly int[] _ports;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private bool _watched;
    private bool _disposed;

    private AzuriteProcess(string script, string folder, int[] ports, bool inMemory)
    {
        _inMemory = inMemory;
        _script = script;
        _folder = folder;
        _ports = ports;
        ConnectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/{DevAccount};QueueEndpoint=http://127.0.0.1:{ports[1]}/{DevAccount};" +
            $"TableEndpoint=http://127.0.0.1:{ports[2]}/{DevAccount};");
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Starts Azurite. With <paramref name="preferDefaultPorts"/> it takes 10000-10002 when they are free (so other
    /// <c>sway</c> commands find it), otherwise free ports chosen by the system. Data folders left behind by owners
    /// that no longer run are deleted first.
    /// <para>
    /// <paramref name="inMemory"/> keeps its data in memory only (<c>--inMemoryPersistence</c>): for an Azurite whose data
    /// is thrown away when it stops (a test run, a temporary replay). On disk, Azurite saves its whole table database
    /// every 5 seconds while it changes, which costs more the more it holds; in memory it never does. It cannot be
    /// restarted (<see cref="RestartAsync"/>): its data would be gone.
    /// </para>
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(bool preferDefaultPorts, CancellationToken cancellationToken, bool inMemory = false)
    {
        DeleteAbandonedFolders();
        var script = FindExecutable();
        int[] ports = preferDefaultPorts && DefaultPorts.All(IsFree) ? DefaultPorts : [FreePort(), FreePort(), FreePort()];
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        var azurite = new AzuriteProcess(script, folder, ports, inMemory);
        try
        {
            WriteOwner(folder);
            await azurite.RunAsync(TimeSpan.Zero, cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops Azurite, as a storage outage would, but keeps its data folder and its ports for <see cref="RestartAsync"/>.
    /// Azurite is asked to shut down (it then saves its databases, so nothing it acknowledged is lost) and is killed if
    /// it has not exited within 10 seconds.
    /// </summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await StopProcessAsync(graceful: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts Azurite again on the same data folder and the same ports (stopping it first if it runs), and returns once
    /// it listens. Ports still held for a moment after the stop are retried for a few seconds.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_inMemory)
            {
                throw new InvalidOperationException("An Azurite that keeps its data in memory cannot be restarted: its data would be gone.");
            }

            await StopProcessAsync(graceful: true);
            await RunAsync(RebindTimeout, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await StopProcessAsync(graceful: false);
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a temp folder left behind is harmless, and the next start deletes it
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Azurite's script: <c>SWAY_AZURITE</c> when set, otherwise the repository's <c>node_modules/.bin/azurite</c>,
    /// found from the working folder or the program's folder upwards.
    /// </summary>
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

    /// <summary>
    /// How to run <paramref name="script"/>: a node script (npm's <c>.bin/azurite</c> links to
    /// <c>azurite/dist/src/azurite.js</c>) runs in <c>node</c> under the watchdog; anything else (a wrapper named by
    /// <c>SWAY_AZURITE</c>) runs as it is, without the watchdog.
    /// </summary>
    internal static (string FileName, string[] Arguments, bool Watched) Command(string script)
    {
        var target = new FileInfo(script).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(script);
        return IsNodeScript(target)
            ? (FindNode(script), ["-e", Watchdog, "--", target], true)
            : (script, [], false);
    }

    /// <summary>
    /// Deletes the data folders (<see cref="FolderPrefix"/>* in the temp folder) whose owner no longer runs: a
    /// killed owner cannot delete its own. Folders without an owner file are left alone (their owner may be writing
    /// it right now). Best effort: never throws.
    /// </summary>
    internal static void DeleteAbandonedFolders()
    {
        try
        {
            foreach (var folder in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(FolderPrefix + "*"))
            {
                try
                {
                    var owner = Path.Combine(folder.FullName, OwnerFileName);
                    if (folder.LinkTarget is null && File.Exists(owner) && !IsOwnerAlive(File.ReadAllText(owner)))
                    {
                        folder.Delete(recursive: true);
                    }
                }
                catch (Exception)
                {
                    // best effort: another owner's folder, or one being deleted by someone else, is left as it is
                }
            }
        }
        catch (Exception)
        {
            // best effort: an unreadable temp folder only means leftovers stay
        }
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

    /// <summary>"PID start-time" of the owner file: the start time tells a reused PID from the owner's.</summary>
    private static void WriteOwner(string folder)
    {
        using var self = Process.GetCurrentProcess();
        File.WriteAllText(
            Path.Combine(folder, OwnerFileName),
            string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {self.StartTime.ToUniversalTime().Ticks}\n"));
    }

    private static bool IsOwnerAlive(string owner)
    {
        var parts = owner.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return true; // not ours to judge
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                return true;
            }

            var started = process.StartTime.ToUniversalTime();
            return (started - new DateTime(ticks, DateTimeKind.Utc)).Duration() < TimeSpan.FromSeconds(2);
        }
        catch (ArgumentException)
        {
            return false; // no process has that PID
        }
        catch (InvalidOperationException)
        {
            return false; // it has just exited
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true; // its start time cannot be read: assume it is the owner
        }
    }

    private static bool IsNodeScript(string path)
    {
        if (Path.GetExtension(path) is ".js" or ".cjs")
        {
            return true;
        }

        try
        {
            using var reader = new StreamReader(path);
            var first = reader.ReadLine();
            return first is not null && first.StartsWith("#!", StringComparison.Ordinal) && first.Contains("node", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary><c>node</c> on PATH (what the script's <c>#!/usr/bin/env node</c> would run), or else beside the script.</summary>
    private static string FindNode(string script)
    {
        var name = OperatingSystem.IsWindows() ? "node.exe" : "node";
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.GetDirectoryName(Path.GetFullPath(script)) ?? ".");
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Node.js ('{name}') was not found on PATH; Azurite needs it. Install Node 20 or newer.");
    }

    /// <summary>
    /// Starts the process and waits until it listens. Within <paramref name="rebindTimeout"/>, a start that fails
    /// because a port is still in use (EADDRINUSE) is tried again.
    /// </summary>
    private async Task RunAsync(TimeSpan rebindTimeout, CancellationToken cancellationToken)
    {
        var since = Stopwatch.StartNew();
        while (true)
        {
            var (process, output) = Launch();
            _process = process;
            var failure = await WaitUntilListeningAsync(process, output, cancellationToken);
            if (failure is null)
            {
                return;
            }

            await StopProcessAsync(graceful: false);
            if (!failure.Contains("EADDRINUSE", StringComparison.Ordinal) || since.Elapsed >= rebindTimeout)
            {
                throw new InvalidOperationException(failure);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, cancellationToken);
        }
    }

    private (Process Process, StartOutput Output) Launch()
    {
        var (fileName, leading, watched) = Command(_script);
        var start = new ProcessStartInfo(fileName)
        {
            // Standard input is the watchdog's lifeline: its write end stays open in this process until the
            // process object is disposed (or this process dies), and is not inherited by other children (O_CLOEXEC).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in leading.Concat<string>(_inMemory ? ["--inMemoryPersistence"] : ["--location", _folder]).Concat(
        [
            "--silent", "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", _ports[0].ToString(CultureInfo.InvariantCulture),
            "--queuePort", _ports[1].ToString(CultureInfo.InvariantCulture),
            "--tablePort", _ports[2].ToString(CultureInfo.InvariantCulture),
        ]))
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StartOutput();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        process.ErrorDataReceived += (_, e) => output.OnError(e.Data);
        process.OutputDataReceived += (_, e) => output.OnOutput(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _watched = watched;
        return (process, output);
    }

    /// <summary>
    /// Stops the running process, if any: gracefully (a "stop" line to the watchdog, then a kill after a timeout), or
    /// with a kill at once. Disposing the process object closes the watchdog's pipe as well.
    /// </summary>
    private async Task StopProcessAsync(bool graceful)
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (graceful && _watched && !process.HasExited && await AskToStopAsync(process))
            {
                try
                {
                    await process.WaitForExitAsync().WaitAsync(GracefulStopTimeout, TimeProvider.System);
                }
                catch (TimeoutException)
                {
                    // killed below
                }
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or AggregateException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or part of its process tree exited while being killed (Kill(true) throws an
            // AggregateException then): stopping an emulator is best effort and must not fail its owner's shutdown.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static async Task<bool> AskToStopAsync(Process process)
    {
        try
        {
            await process.StandardInput.WriteLineAsync("stop");
            await process.StandardInput.FlushAsync();
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return false; // it is exiting already
        }
    }

    /// <summary>
    /// Null once Azurite listens; what it said on standard error if it exited first. Listening means that the ports
    /// accept connections and that Azurite said so itself: a port still held by another process (say, right after a
    /// stop) accepts connections too, though Azurite is about to fail to bind it. An Azurite that never says so in the
    /// expected words is taken as listening once its ports have accepted connections for a few seconds.
    /// </summary>
    private async Task<string?> WaitUntilListeningAsync(Process process, StartOutput output, CancellationToken cancellationToken)
    {
        var since = Stopwatch.StartNew();
        TimeSpan? portsListeningSince = null;
        while (since.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken); // the last lines of standard error
                return $"Azurite exited at start-up (code {process.ExitCode}): {output.Errors}";
            }

            // Azurite starts blob, then queue, then table: the last two listening means all three are.
            if (_ports.Skip(1).All(IsListening))
            {
                portsListeningSince ??= since.Elapsed;
                if (output.Announced || since.Elapsed - portsListeningSince > UnannouncedGrace)
                {
                    return null;
                }
            }
            else
            {
                portsListeningSince = null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
        }

        throw new TimeoutException($"Azurite did not start listening within {StartTimeout.TotalSeconds:F0} seconds.");
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

    /// <summary>What a starting Azurite writes: whether it announced its table service (the last of three), and its errors.</summary>
    private sealed class StartOutput
    {
        private const string Announcement = "Table service is successfully listening";
        private readonly StringBuilder _errors = new();
        private volatile bool _announced;

        public bool Announced => _announced;

        public string Errors
        {
            get
            {
                lock (_errors)
                {
                    return _errors.ToString().Trim();
                }
            }
        }

        public void OnOutput(string? line)
        {
            if (line is not null && line.Contains(Announcement, StringComparison.Ordinal))
            {
                _announced = true;
            }
        }

        public void OnError(string? line)
        {
            lock (_errors)
            {
                _errors.AppendLine(line);
            }
        }
    }
}
