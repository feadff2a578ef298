namespace Sway.Http;

/// <summary>
/// One route of Sway's HTTP API, as both hosts expose it. <see cref="SwayRoutes.All"/> lists them; the local host
/// maps each from here (<see cref="SwayApiEndpoints.MapSwayApi"/>) and the Functions app declares one trigger per
/// route with the same name, method, route and authorization level (a test holds the two together).
/// </summary>
/// <param name="Name">The endpoint name, the OpenAPI operation id, and the Functions app's <c>[Function]</c> name.</param>
/// <param name="Method">The HTTP method (<see cref="Microsoft.AspNetCore.Http.HttpMethods"/>).</param>
/// <param name="Template">
/// The route template relative to <c>/api</c>, exactly as the trigger's <c>Route =</c> spells it (a catch-all is
/// written <c>{*name}</c>, which ASP.NET Core routing reads the same way).
/// </param>
/// <param name="RequiresKey">
/// Whether a caller must send the API key (<see cref="ApiKey"/>): <c>AuthorizationLevel.Function</c> in the Functions
/// app, the <c>Api:Key</c> setting in the local host. Otherwise anonymous.
/// </param>
/// <param name="Tag">The OpenAPI tag that groups the route.</param>
/// <param name="Summary">One line for the OpenAPI document.</param>
/// <param name="Handler">
/// The handler, defined once as a static method returning typed results (<c>Results&lt;Ok&lt;T&gt;, ProblemHttpResult&gt;</c>)
/// so that the OpenAPI document learns the success shape from the signature. The local host binds its parameters as
/// minimal APIs do (route values by name, a complex type from the JSON body, services marked <c>[FromServices]</c>,
/// the request's <see cref="CancellationToken"/>); a Functions trigger calls it with the same values.
/// </param>
public sealed record SwayRoute(string Name, string Method, string Template, bool RequiresKey, string Tag, string Summary, Delegate Handler)
{
    /// <summary>The problem statuses the handler may answer, for the OpenAPI document (401 is added for key routes).</summary>
    public IReadOnlyList<int> ProblemStatuses { get; init; } = [];

    /// <summary>The route as a reader writes it, for example <c>GET /api/scores/{network}/{handle}</c>.</summary>
    public string Display => $"{Method} /api/{Template.Replace("{*", "{", StringComparison.Ordinal)}";
}
