using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Sway.Api;
using Sway.Http;

namespace Sway.Functions;

/// <summary>
/// The score lookups: the triggers of <see cref="SwayRoutes.ScoreByHandle"/> and <see cref="SwayRoutes.ScoreByProfile"/>,
/// which return the shared handlers' typed results (the ASP.NET Core integration executes an <see cref="IResult"/>),
/// so both hosts give the same answers.
/// </summary>
/// <remarks>Anonymous at the function level, as in the route table: production puts Entra ID or API Management in front.</remarks>
public sealed class GetScore(ScoreLookup lookup)
{
    [Function("GetScoreByHandle")]
    public async Task<IResult> ByHandleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "scores/{network}/{*handle}")] HttpRequest req,
        string network,
        FunctionContext context) =>
        await ScoreEndpoints.ByHandleAsync(network, RouteValue(context, "handle"), lookup, req.HttpContext.RequestAborted);

    [Function("GetScoreByProfile")]
    public async Task<IResult> ByProfileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "profiles/{id}/score")] HttpRequest req,
        string id) =>
        await ScoreEndpoints.ByProfileAsync(id, lookup, req.HttpContext.RequestAborted);

    /// <summary>
    /// A route value, or null when the path has none: an empty catch-all (<c>scores/demo/</c>) has no value, and a
    /// parameter bound to it could fail to convert before the handler runs. The shared handler answers null as the
    /// local host does: 400, "The handle is empty.", as a problem body.
    /// </summary>
    private static string? RouteValue(FunctionContext context, string name) =>
        context.BindingContext.BindingData.TryGetValue(name, out var value) ? value?.ToString() : null;
}
