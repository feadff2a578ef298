using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sway.Connectors.Bluesky;
using Sway.Connectors.Http;

// In the namespace of AddAccountReader, so that registering Sway's services takes one line and no using.
namespace Sway.Connectors;

/// <summary>Registers the Bluesky connector when <c>Connectors:Bluesky:Enabled</c> says so: its options (checked at start-up), its HTTP client and its reader.</summary>
public static class BlueskyServiceCollectionExtensions
{
    public static IServiceCollection AddBlueskyConnector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(BlueskyOptions.Section);
        if (!section.GetValue<bool>(nameof(BlueskyOptions.Enabled)))
        {
            return services;
        }

        services.AddOptions<BlueskyOptions>().Bind(section)
            .ValidateDataAnnotations()
            .Validate(o => o.HasValidServiceUrl(), "Connectors:Bluesky:ServiceUrl is not an absolute http(s) address (for example https://public.api.bsky.app).")
            .ValidateOnStart();
        services.AddConnectorHttpClient(BlueskyReader.HttpClientName);
        services.AddAccountReader(sp => ActivatorUtilities.CreateInstance<BlueskyReader>(sp));
        return services;
    }
}
