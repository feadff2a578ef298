using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sway.Connectors.Http;
using Sway.Connectors.Mastodon;

namespace Sway.Connectors;

/// <summary>
/// Registers the Mastodon connector from the settings: one <see cref="MastodonReader"/> per instance of
/// <c>Connectors:Mastodon:Instances</c> (each a source of its own, <c>mastodon@{domain}</c>), all through one connector
/// HTTP client. The settings are checked at start-up: a bad domain or address stops the host with the reason. (In the
/// namespace of the other connector registrations, so Core registers it with one call.)
/// </summary>
public static class MastodonServiceCollectionExtensions
{
    public static IServiceCollection AddMastodonConnector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(MastodonOptions.Section);
        services.AddOptions<MastodonOptions>().Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var instances = section.GetSection(nameof(MastodonOptions.Instances)).GetChildren().Count();
        if (instances == 0)
        {
            return services;
        }

        services.AddConnectorHttpClient(MastodonReader.HttpClientName);
        for (var i = 0; i < instances; i++)
        {
            var index = i;
            services.AddAccountReader(sp =>
            {
                var options = sp.GetRequiredService<IOptions<MastodonOptions>>().Value;
                return ActivatorUtilities.CreateInstance<MastodonReader>(sp, options.Instances[index], options.ReReadWindow);
            });
        }

        return services;
    }
}
