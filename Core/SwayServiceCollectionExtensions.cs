using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Api;
using Sway.Connectors;
using Sway.Ingestion;
using Sway.Linking;
using Sway.Privacy;
using Sway.Scheduling;
using Sway.Scoring;
using Sway.Storage;
using Sway.Storage.Faults;
using Sway.Telemetry;
using Sway.Webhooks;
using Sway.Webhooks.Receivers;

namespace Sway;

/// <summary>Registers Sway's Core services. Both hosts (the Functions app and the <c>sway</c> CLI) call exactly this.</summary>
public static class SwayServiceCollectionExtensions
{
    public static IServiceCollection AddSwayCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<SwayTelemetry>();
        services.AddSwayStorage(configuration);

        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.Replay.File) || File.Exists(o.Replay.File), "Ingestion:Replay:File names a file that does not exist.")
            .ValidateOnStart();
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => CronSchedule.TryParse(o.Pull, out _, out _), "Schedules:Pull is not a six-field cron expression (second minute hour day month weekday).")
            .Validate(o => CronSchedule.TryParse(o.Rescore, out _, out _), "Schedules:Rescore is not a six-field cron expression (second minute hour day month weekday).")
            .ValidateOnStart();

        services.AddOptions<ScoringOptions>().Bind(configuration.GetSection(ScoringOptions.Section))
            .Validate(o => ScoreModels.TryGet(o.ModelVersion, out _), $"Scoring:ModelVersion names no shipped model. Versions: {string.Join(", ", ScoreModels.Versions.Order(StringComparer.Ordinal))}.")
            .Validate(o => o.StandingsRefresh >= TimeSpan.Zero && o.StandingsRefresh <= TimeSpan.FromDays(1), "Scoring:StandingsRefresh is a duration from 00:00:00 to 1.00:00:00.")
            .ValidateOnStart();
        services.AddSingleton(sp => ScoreModels.Get(sp.GetRequiredService<IOptions<ScoringOptions>>().Value.ModelVersion));
        services.AddSingleton<ScoreRequestQueue>();
        services.AddSingleton<ReplayClock>();
        services.AddSingleton<StandingStore>();
        services.AddSingleton<Sway.Scoring.Senders.SenderReviewer>();
        services.AddSingleton<ProfileScorer>();
        services.AddSingleton<RescoreShardQueue>();
        services.AddSingleton<ShardRescorer>();
        services.AddSingleton<NightlyRescorer>();
        services.AddSingleton<ActivityPuller>();
        services.AddSingleton<ActivityAdmission>();
        services.AddSingleton<DatasetSettlement>();
        services.AddSingleton<BulkReplay>();
        services.AddSingleton<ScoreLookup>();
        services.AddSingleton<QueueSampler>();
        services.AddActivitySources(configuration);
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section))
            .ValidateDataAnnotations()
            .Validate(
                o => o.PseudonymKey != PrivacyOptions.DevelopmentKey || !LiveNetworksConfigured(configuration),
                "Privacy:PseudonymKey must be set (a secret of at least 32 characters, from Key Vault in Azure) when a live network's connector is enabled.")
            .ValidateOnStart();
        services.AddSingleton<AccountPseudonym>();
        services.AddOptions<LinkingOptions>().Bind(configuration.GetSection(LinkingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LinkStore>();
        services.AddSingleton<AccountDataPurge>();
        services.AddSingleton<AccountLinking>();
        services.AddSingleton<ProfileErasure>();
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMastodonConnector(configuration);
        services.AddBlueskyConnector(configuration);
        services.AddSwayWebhooks(configuration);
        return services;
    }

    /// <summary>
    /// Webhooks: subscriptions, the outbox that scoring writes, and the delivery worker's services. Deliveries go out
    /// through one <see cref="HttpClient"/> whose connections reach only allowed addresses.
    /// </summary>
    public static IServiceCollection AddSwayWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => WebhookOptions.TryParseSchedule(o.RetrySchedule, out _, out _), "Webhooks:RetrySchedule is comma-separated hh:mm:ss delays, 1 to 20 of them (for example " + WebhookOptions.DefaultRetrySchedule + ").")
            .ValidateOnStart();
        services.AddSingleton<WebhookSubscriptionStore>();
        services.AddSingleton<WebhookDeliveryStore>();
        services.AddSingleton<WebhookDeliveryQueue>();
        services.AddSingleton<WebhookOutbox>();
        services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            var handler = ReceiverConnection.CreateHandler(options.AllowLoopback, sp.GetRequiredService<IHostAddressResolver>(), options.Timeout);
            return new WebhookSender(new HttpClient(handler) { Timeout = options.Timeout }, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<WebhookDeliverer>();
        services.AddSingleton<WebhookSubscriptions>();
        return services;
    }

    /// <summary>
    /// The storage clients and the stores over them. The <c>SwayStorage</c> connection is either a connection string
    /// (Azurite locally) or, in the shape the Functions host reads for its own triggers, service addresses with a
    /// credential: <c>SwayStorage__tableServiceUri</c>, <c>SwayStorage__queueServiceUri</c>,
    /// <c>SwayStorage__credential</c> (<c>managedidentity</c>) and <c>SwayStorage__clientId</c>. With
    /// <c>Storage:Accounts</c> above 1, the further accounts' connections (<c>SwayStorage1</c> …) take the same shapes;
    /// only their table service is used. Queue messages are base64-encoded, the Functions queue trigger's default, in every host.
    /// </summary>
    public static IServiceCollection AddSwayStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StorageOutageOptions>().Bind(configuration.GetSection(StorageOutageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StorageFaultOptions>().Bind(configuration.GetSection(StorageFaultOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var accounts = Math.Clamp(configuration.GetValue(StorageOptions.Section + ":" + nameof(StorageOptions.Accounts), 1), 1, 64);
        services.AddAzureClients(clients =>
        {
            for (var account = 0; account < accounts; account++)
            {
                var name = StorageOptions.ConnectionNameOf(account);
                var connection = configuration.GetSection(name);
                var tables = !string.IsNullOrWhiteSpace(connection.Value)
                    ? clients.AddTableServiceClient(connection.Value)
                    : clients.AddTableServiceClient(StorageEndpoints.TableOf(connection)).WithCredential(sp => CredentialOf(sp, name));
                tables.ConfigureOptions(UseSwayTransport);
                if (account > 0)
                {
                    tables.WithName(name);
                    continue;
                }

                var queues = !string.IsNullOrWhiteSpace(connection.Value)
                    ? clients.AddQueueServiceClient(connection.Value)
                    : clients.AddQueueServiceClient(StorageEndpoints.QueueOf(connection)).WithCredential(sp => CredentialOf(sp, name));
                queues.ConfigureOptions(UseBase64).ConfigureOptions(UseSwayTransport);
            }
        });
        for (var account = 0; account < accounts; account++)
        {
            var name = StorageOptions.ConnectionNameOf(account);
            services.AddKeyedSingleton(name, (sp, _) => sp.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(configuration.GetSection(name)));
        }

        services.AddSingleton(sp => new StorageFaultInjector(sp.GetRequiredService<IOptions<StorageFaultOptions>>().Value));
        services.AddSingleton(sp => new StorageRetry(
            sp.GetRequiredService<IOptions<StorageOutageOptions>>(),
            TimeProvider.System, // backoff waits are wall-clock time, whatever clock the scores are computed with
            sp.GetRequiredService<ILogger<StorageRetry>>()));
        services.AddSingleton(sp =>
        {
            var named = sp.GetRequiredService<IAzureClientFactory<TableServiceClient>>();
            var count = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Accounts;
            return new SwayStorage(
                [sp.GetRequiredService<TableServiceClient>(), .. Enumerable.Range(1, count - 1).Select(a => named.CreateClient(StorageOptions.ConnectionNameOf(a)))],
                sp.GetRequiredService<QueueServiceClient>(),
                sp.GetRequiredService<IOptions<StorageOptions>>());
        });
        services.AddSingleton<InteractionStore>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<LayoutMigration>();
        services.AddSingleton<ScoreStore>();
        services.AddSingleton<CursorStore>();
        services.AddSingleton<TombstoneStore>();
        return services;
    }

    private static TokenCredential CredentialOf(IServiceProvider services, string connection) =>
        services.GetRequiredKeyedService<TokenCredential>(connection);

    private static void UseBase64(QueueClientOptions options) => options.MessageEncoding = QueueMessageEncoding.Base64;

    /// <summary>
    /// The SDK's retries as <c>Storage:MaxRetries</c> and <c>Storage:RetryDelay</c> say; with <c>Storage:Faults</c> on
    /// (a testing aid), every call of the client goes through the fault seam; every <see cref="HttpPipelinePolicy"/> registered
    /// under the key <c>SwayStorage</c> (a measuring aid) sees every request each client sends.
    /// </summary>
    private static void UseSwayTransport(ClientOptions options, IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        options.Retry.MaxRetries = storage.MaxRetries;
        options.Retry.Delay = storage.RetryDelay;
        if (services.GetRequiredService<IOptions<StorageFaultOptions>>().Value.Enabled)
        {
            options.Transport = services.GetRequiredService<StorageFaultInjector>().Transport();
        }

        // A measuring seam (the benchmarks count every request a client sends, retries included); none in production.
        foreach (var policy in services.GetKeyedServices<HttpPipelinePolicy>(StorageOptions.ConnectionName))
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }
    }

    /// <summary>Whether the settings enable a connector to a live network (a Mastodon instance, Bluesky).</summary>
    private static bool LiveNetworksConfigured(IConfiguration configuration) =>
        configuration.GetSection("Connectors:Mastodon:Instances").GetChildren().Any()
        || configuration.GetValue<bool>("Connectors:Bluesky:Enabled");

    private static void AddActivitySources(this IServiceCollection services, IConfiguration configuration)
    {
        var ingestion = configuration.GetSection(IngestionOptions.Section).Get<IngestionOptions>() ?? new IngestionOptions();
        if (ingestion.Demo.Enabled)
        {
            services.AddSingleton<IActivitySource, SyntheticActivitySource>();
        }

        if (!string.IsNullOrWhiteSpace(ingestion.Replay.File))
        {
            services.AddSingleton<IActivitySource>(sp =>
            {
                var replay = sp.GetRequiredService<IOptions<IngestionOptions>>().Value.Replay;
                return new HiggsReplaySource(replay.File!, replay.Limit);
            });
        }
    }
}
