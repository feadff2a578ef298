using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sway.Api;

namespace Sway.Cli.Hosting;

/// <summary>The HTTP routes of the local host: the same paths and answers as the Functions app's <c>GetScore</c>.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapSwayApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Scores");

        // {**handle} takes the rest of the path, so that a handle with '/' in it is refused as a bad handle (400), not a missing route.
        api.MapGet("/scores/{network}/{**handle}", (string network, string handle, ScoreLookup lookup, CancellationToken ct) =>
                RespondAsync(lookup.ByHandleAsync(network, handle, ct)))
            .WithName("GetScoreByHandle")
            .WithSummary("The score of the profile that linked this account, with its explanation.")
            .Produces<ScoreView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/profiles/{id}/score", (string id, ScoreLookup lookup, CancellationToken ct) =>
                RespondAsync(lookup.ByProfileAsync(id, ct)))
            .WithName("GetScoreByProfile")
            .WithSummary("The score of a profile, with its explanation.")
            .Produces<ScoreView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<IResult> RespondAsync(Task<ApiResponse> response)
    {
        var answer = await response;
        return Results.Json(answer.Body, SwayJson.Options, answer.ContentType, answer.StatusCode);
    }
}
