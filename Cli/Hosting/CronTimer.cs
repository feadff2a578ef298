using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sway.Scheduling;

namespace Sway.Cli.Hosting;

/// <summary>
/// A timer trigger for the local host, with Azure Functions' semantics: fires on a six-field cron schedule in UTC;
/// a failed run is logged and not retried (the next occurrence runs); runs never overlap.
/// </summary>
public sealed partial class CronTimer(
    string name,
    CronSchedule schedule,
    Func<CancellationToken, Task> run,
    bool runOnStartup,
    TimeProvider clock,
    ILogger<CronTimer> logger) : BackgroundService
{
    /// <summary>The trigger's name (the Functions app's function name).</summary>
    public string Name => name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runOnStartup)
        {
            await RunOnceAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested && schedule.Next(clock.GetUtcNow()) is { } next)
        {
            LogScheduled(logger, name, next);
            var delay = next - clock.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, clock, stoppingToken);
            }

            await RunOnceAsync(stoppingToken);
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await run(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer {Name}: next run at {Next:u}")]
    private static partial void LogScheduled(ILogger logger, string name, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Name} failed; the next scheduled run will try again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}
