using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using Sway;
using Sway.Http;
using Sway.Storage;
using Sway.Telemetry;

// The Azure Functions host: the trigger classes in this project, everything else from Core.
// Storage:NamePrefix must stay empty here: the queue trigger's queue name is a constant.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSwayCore(builder.Configuration);
builder.Services.AddSwayHttp(); // the HTTP handlers' results serialize with Sway's JSON shape, as in the local host

// Traces and metrics: the worker's own, and Sway's (the same sources and meters the local host exports), to
// Application Insights with Entra auth as the app's user-assigned identity (the client id infra/ sets for storage;
// the component accepts no key: DisableLocalAuth). Without a connection string (locally) nothing is exported.
var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(tracing => tracing.AddSource([.. SwayTelemetry.SourceNames]))
    .WithMetrics(metrics => metrics.AddMeter([.. SwayTelemetry.MeterNames]));
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    var clientId = builder.Configuration[$"{StorageOptions.ConnectionName}:clientId"];
    telemetry.UseAzureMonitorExporter(options => options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)));
}

// No storage call on the start path: deployment creates every table and queue (infra/; `sway storage init` for an
// account made by hand), so a storage or identity failure cannot crash the worker at start, and cold starts stay cheap.
await builder.Build().RunAsync();
