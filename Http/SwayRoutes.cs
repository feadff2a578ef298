using Microsoft.AspNetCore.Http;

namespace Sway.Http;

/// <summary>
/// Every route of Sway's HTTP API, in one table. The local host maps exactly these; the Functions app has one HTTP
/// trigger per entry (same name, method, route; <c>AuthorizationLevel.Function</c> when <see cref="SwayRoute.RequiresKey"/>,
/// otherwise <c>Anonymous</c>), which <c>FunctionsRouteDriftTests</c> checks.
/// </summary>
/// <example>
/// A route that takes a JSON body and needs the key: a handler in its own class of handlers,
/// <code>
/// public static async Task&lt;Results&lt;Created&lt;WebhookCreated&gt;, ProblemHttpResult&gt;&gt; CreateAsync(
///     CreateWebhook body, [FromServices] WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
/// {
///     var outcome = await subscriptions.CreateAsync(body, cancellationToken);
///     return outcome.Succeeded
///         ? TypedResults.Created($"/api/webhooks/{outcome.Value.Id}", outcome.Value)
///         : outcome.Problem.ToHttpResult();
/// }
/// </code>
/// a row here,
/// <code>
/// new("CreateWebhook", HttpMethods.Post, "webhooks", RequiresKey: true, "Webhooks", "Subscribes a URL to score events.", WebhookEndpoints.CreateAsync)
/// {
///     ProblemStatuses = [400],
/// },
/// </code>
/// (a route value such as <c>"webhooks/{id}"</c> binds to a handler parameter named <c>id</c>), and its trigger in
/// <c>Functions/</c>, a few lines that pass the same values to the same handler:
/// <code>
/// [Function("CreateWebhook")]
/// public async Task&lt;IResult&gt; CreateAsync(
///     [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks")] HttpRequest req,
///     [FromBody] CreateWebhook body) => // Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute
///     await WebhookEndpoints.CreateAsync(body, subscriptions, req.HttpContext.RequestAborted);
/// </code>
/// </example>
public static class SwayRoutes
{
    public static SwayRoute ScoreByHandle { get; } = new(
        "GetScoreByHandle",
        HttpMethods.Get,
        // The catch-all takes the rest of the path, so that a handle with '/' in it is refused as a bad handle (400), not a missing route.
        "scores/{network}/{*handle}",
        RequiresKey: false,
        "Scores",
        "The score of the profile that linked this account, with its explanation.",
        ScoreEndpoints.ByHandleAsync)
    {
        ProblemStatuses = [StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable],
    };

    public static SwayRoute ScoreByProfile { get; } = new(
        "GetScoreByProfile",
        HttpMethods.Get,
        "profiles/{id}/score",
        RequiresKey: false,
        "Scores",
        "The score of a profile, with its explanation.",
        ScoreEndpoints.ByProfileAsync)
    {
        ProblemStatuses = [StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable],
    };

    /// <summary>The whole API.</summary>
    public static IReadOnlyList<SwayRoute> All { get; } = [ScoreByHandle, ScoreByProfile];

    /// <summary>The routes as a reader writes them, for example in the answer to a path that matches none.</summary>
    public static string Describe(IEnumerable<SwayRoute> routes) => string.Join(", ", routes.Select(r => r.Display));
}
