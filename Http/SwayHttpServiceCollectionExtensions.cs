using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sway.Http;

/// <summary>Registers what Sway's HTTP surface needs in a host.</summary>
public static class SwayHttpServiceCollectionExtensions
{
    /// <summary>
    /// What every host that runs the handlers needs: the typed results serialize with Sway's JSON shape
    /// (<see cref="SwayJson"/>). Both hosts call this.
    /// </summary>
    public static IServiceCollection AddSwayHttp(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => SwayJson.Apply(o.SerializerOptions));

    /// <summary>
    /// The <c>Api</c> settings (<see cref="ApiOptions"/>), validated at start-up, for a host that checks the API key
    /// itself: the local host. (The Functions host checks function keys before the worker sees the call.)
    /// </summary>
    public static IServiceCollection AddSwayApiKey(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Lets the route table document the OpenAPI operations: summaries, and the API key scheme with the operations
    /// that require it.
    /// </summary>
    public static OpenApiOptions AddSwayRoutes(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer<SwayOpenApiTransformer>();
        options.AddOperationTransformer<SwayOpenApiTransformer>();
        return options;
    }
}
