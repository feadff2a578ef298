using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Http;
using Sway.Ingestion;
using Sway.Scheduling;
using Sway.Scoring;
using Sway.Storage;
using Sway.Telemetry;
using Sway.Webhooks;

namespace Sway.Cli.Hosting;

/// <summary>
/// Sway on one machine: the same Core services the Functions app calls, behind local equivalents of its triggers —
/// three cron timers (PullActivity, NightlyRescore, SampleQueues), three queue workers (ScoreProfile, RescoreShard, DeliverWebhook) and the HTTP routes
/// (<see cref="SwayRoutes"/>, the same handlers the Functions app's HTTP triggers call), with the API key checked against <c>Api:Key</c>.
/// </summary>
public static class LocalHost
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Settings that make the defaults of a local run; environment variables and explicit settings override them.</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        ["Logging:LogLevel:Azure"] = "Warning",
        ["Logging:LogLevel:Azure.Core"] = "Error", // each failed try; Sway logs what it does about them
        ["Logging:LogLevel:Sway.Cli.Hosting.QueueWorker"] = "Error",
    };

    /// <param name="settings">Configuration on top of the environment (storage connection, sources, schedules...).</param>
    /// <param name="url">Where the HTTP routes listen (<c>http://127.0.0.1:0</c> picks a free port).</param>
    /// <param name="timers">Whether the cron timers run (tests drive pulls themselves).</param>
    /// <param name="workers">Whether the queue worker polls in the background (tests drain it themselves).</param>
    /// <param name="pullOnStartup">Run one pull as soon as the host starts (the demo: scores within a minute).</param>
    /// <param name="configureServices">Last-minute service changes (tests replace the clock or add sources).</param>
    /// <param name="routes">The HTTP routes: <see cref="SwayRoutes.All"/> unless a test adds routes of its own.</param>
    public static WebApplication Build(
        IReadOnlyDictionary<string, string?> settings,
        string url = DefaultUrl,
        bool timers = true,
        bool workers = true,
        bool pullOnStartup = false,
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyList<SwayRoute>? routes = null)
    {
        routes ??= SwayRoutes.All;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddInMemoryCollection(Defaults)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.WebHost.UseUrls(url);

        builder.Services.AddSwayCore(builder.Configuration);
        builder.Services.AddSwayTelemetryExport(builder.Configuration);
        builder.Services.AddOptions<QueueWorkerOptions>().Bind(builder.Configuration.GetSection(QueueWorkerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => Worker(sp, sp.GetRequiredService<SwayStorage>().ScoreRequests, sp.GetRequiredService<ProfileScorer>().HandleAsync));
        builder.Services.AddKeyedSingleton(StorageNames.RescoreShardsQueue, (sp, _) =>
            Worker(sp, sp.GetRequiredService<SwayStorage>().RescoreShards, sp.GetRequiredService<ShardRescorer>().HandleAsync));
        builder.Services.AddKeyedSingleton(StorageNames.WebhookDeliveriesQueue, (sp, _) =>
            Worker(sp, sp.GetRequiredService<SwayStorage>().WebhookDeliveriesQueue, sp.GetRequiredService<WebhookDeliverer>().HandleAsync));
        if (workers)
        {
            // Not AddHostedService: it adds one hosted service per implementation type, and both workers are
            // QueueWorkers (as both timers are CronTimers): the second would be dropped without a word.
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<QueueWorker>());
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<QueueWorker>(StorageNames.RescoreShardsQueue));
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<QueueWorker>(StorageNames.WebhookDeliveriesQueue));
        }

        if (timers)
        {
            builder.Services.AddSingleton<IHostedService>(sp => Timer(sp, "PullActivity", o => o.Pull, ct => sp.GetRequiredService<ActivityPuller>().PullAsync(ct), pullOnStartup));
            builder.Services.AddSingleton<IHostedService>(sp => Timer(sp, "NightlyRescore", o => o.Rescore, ct => sp.GetRequiredService<NightlyRescorer>().RunAsync(ct), false));
            builder.Services.AddSingleton<IHostedService>(sp => Timer(sp, "SampleQueues", _ => QueueSampler.Schedule, ct => sp.GetRequiredService<QueueSampler>().SampleAsync(ct), true));
        }

        builder.Services.AddSwayHttp();
        builder.Services.AddSwayApiKey(builder.Configuration);
        builder.Services.AddOpenApi(o => o.AddSwayRoutes());
        var routeList = $"There is no such API route. Routes: {SwayRoutes.Describe(routes)}.";
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status == 404 ? routeList : null);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();

        // Settings are checked now, not when (or if) the host starts: commands that only use the services fail early too.
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.UseStatusCodePages();
        app.MapOpenApi("/api/openapi.json");
        app.MapSwayApi(routes);
        return app;
    }

    /// <summary>Creates the tables and queues (retrying while storage is not reachable yet), then starts the host.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var storage = app.Services.GetRequiredService<SwayStorage>();
        await app.Services.GetRequiredService<StorageRetry>().RunAsync("create the tables and queues", storage.EnsureCreatedAsync, cancellationToken);
        await app.StartAsync(cancellationToken);
    }

    /// <summary>A queue worker with the Functions queue trigger's semantics (ScoreProfile, RescoreShard, DeliverWebhook).</summary>
    private static QueueWorker Worker(IServiceProvider sp, QueueClient queue, Func<string, CancellationToken, Task> handler) =>
        new(
            queue,
            sp.GetRequiredService<SwayStorage>().PoisonOf(queue),
            handler,
            sp.GetRequiredService<IOptions<QueueWorkerOptions>>(),
            sp.GetRequiredService<StorageRetry>(),
            TimeProvider.System, // polling waits are wall-clock time, whatever clock the scores are computed with
            sp.GetRequiredService<ILogger<QueueWorker>>());

    private static CronTimer Timer(IServiceProvider sp, string name, Func<SchedulingOptions, string> schedule, Func<CancellationToken, Task> run, bool runOnStartup) =>
        new(
            name,
            CronSchedule.Parse(schedule(sp.GetRequiredService<IOptions<SchedulingOptions>>().Value)),
            run,
            runOnStartup,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CronTimer>>());
}
