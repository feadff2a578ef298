using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sway.Http;

/// <summary>Maps Sway's HTTP API into a web application (the local host).</summary>
public static class SwayApiEndpoints
{
    /// <summary>
    /// Maps every route of <paramref name="routes"/> (by default <see cref="SwayRoutes.All"/>) under <c>/api</c>, with
    /// minimal APIs, so that the OpenAPI document learns each answer from its handler's typed results, and adds the key
    /// check (<see cref="ApiKeyMiddleware"/>, against <see cref="ApiOptions.Key"/>) in front of the routes that need it.
    /// </summary>
    public static WebApplication MapSwayApi(this WebApplication app, IEnumerable<SwayRoute>? routes = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ApiKeyMiddleware>();
        var api = app.MapGroup("/api");
        foreach (var route in routes ?? SwayRoutes.All)
        {
            var endpoint = api.MapMethods(route.Template, [route.Method], route.Handler)
                .WithName(route.Name)
                .WithTags(route.Tag)
                .WithSummary(route.Summary)
                .WithMetadata(route);
            foreach (var status in route.ProblemStatuses)
            {
                endpoint.ProducesProblem(status);
            }
        }

        return app;
    }
}
