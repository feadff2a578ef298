using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sway.Telemetry;

namespace Sway.Cli.Hosting;

/// <summary>
/// Exports Sway's traces and metrics (and ASP.NET Core's) over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> setting names a collector; without it nothing is exported.
/// </summary>
public static class TelemetryExport
{
    public static IServiceCollection AddSwayTelemetryExport(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sway"))
            .WithTracing(tracing => tracing.AddSource([.. SwayTelemetry.SourceNames]).AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter([.. SwayTelemetry.MeterNames]).AddAspNetCoreInstrumentation())
            .UseOtlpExporter();
        return services;
    }
}
