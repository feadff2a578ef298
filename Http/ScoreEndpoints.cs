using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sway.Api;

namespace Sway.Http;

/// <summary>The handlers of the score lookups (<see cref="ScoreLookup"/>), shared by both hosts.</summary>
public static class ScoreEndpoints
{
    /// <summary><c>GET /api/scores/{network}/{handle}</c>: the score of the profile that linked this account.</summary>
    public static async Task<Results<Ok<ScoreView>, ProblemHttpResult>> ByHandleAsync(
        string network, string? handle, [FromServices] ScoreLookup lookup, CancellationToken cancellationToken) =>
        (await lookup.ByHandleAsync(network, handle, cancellationToken)).ToOkOrProblem();

    /// <summary><c>GET /api/profiles/{id}/score</c>: the score of a profile.</summary>
    public static async Task<Results<Ok<ScoreView>, ProblemHttpResult>> ByProfileAsync(
        string id, [FromServices] ScoreLookup lookup, CancellationToken cancellationToken) =>
        (await lookup.ByProfileAsync(id, cancellationToken)).ToOkOrProblem();
}
