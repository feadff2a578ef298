using System.Diagnostics;
using System.Text;

namespace Sway.Tests.Cli;

/// <summary>
/// A running <c>sway</c> program, started as <see cref="SwayCli"/> starts it (<c>dotnet sway.dll args</c>, with
/// <c>SwayStorage</c> removed unless given), whose standard output and error are read continuously while it runs.
/// Disposing kills its whole process tree if it still runs.
/// </summary>
internal sealed class SwayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _outputEnded;

    private SwayProcess(Process process) => _process = process;

    /// <summary>The PID of the program itself (<c>dotnet sway.dll</c> runs in the process <c>dotnet</c> starts).</summary>
    public int Id => _process.Id;

    /// <summary>Whether the program has exited (by itself or killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    public static SwayProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = new Process { StartInfo = SwayCli.StartInfo(environment, args) };
        var sway = new SwayProcess(process);
        process.OutputDataReceived += (_, e) => sway.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => sway.OnError(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sway;
    }

    /// <summary>
    /// The first line of standard output (since the start) that matches. Throws, with the output so far, when none
    /// has come within <paramref name="timeout"/> or the program ended its output (exited) without printing one.
    /// </summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> lineMatches, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        var next = 0;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (; next < _lines.Count; next++)
                {
                    if (lineMatches(_lines[next]))
                    {
                        return _lines[next];
                    }
                }

                if (_outputEnded)
                {
                    throw new InvalidOperationException($"sway ended its output without the expected line.{Describe()}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"sway did not print the expected line within {timeout}.{Describe()}");
            }
        }
    }

    /// <summary>SIGKILL of the program only, not of its children: whether they die with it is what a test checks.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>The exit code, once the program has exited; throws <see cref="TimeoutException"/> if it has not in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"sway did not exit within {timeout}.{Describe()}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        }
        catch (Exception e) when (e is InvalidOperationException or AggregateException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            // already gone, or part of its tree exited while being killed
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string Describe() => $"{Environment.NewLine}Output:{Environment.NewLine}{Output}{Environment.NewLine}Error:{Environment.NewLine}{Error}";

    private void OnOutput(string? line)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (line is null)
            {
                _outputEnded = true;
            }
            else
            {
                _lines.Add(line);
                _output.AppendLine(line);
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private void OnError(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _error.AppendLine(line);
            }
        }
    }
}
