using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Sway.Api;

namespace Sway.Functions;

/// <summary>
/// The score lookups (<see cref="ScoreLookup"/>): <c>GET /api/scores/{network}/{handle}</c> and
/// <c>GET /api/profiles/{id}/score</c>, the same routes and answers as the local host.
/// </summary>
/// <remarks>Anonymous at the function level: production puts Entra ID or API Management in front.</remarks>
public sealed class GetScore(ScoreLookup lookup)
{
    [Function("GetScoreByHandle")]
    public async Task<IActionResult> ByHandleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "scores/{network}/{*handle}")] HttpRequest req,
        string network,
        string? handle) =>
        (await lookup.ByHandleAsync(network, handle, req.HttpContext.RequestAborted)).ToActionResult();

    [Function("GetScoreByProfile")]
    public async Task<IActionResult> ByProfileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "profiles/{id}/score")] HttpRequest req,
        string id) =>
        (await lookup.ByProfileAsync(id, req.HttpContext.RequestAborted)).ToActionResult();
}
