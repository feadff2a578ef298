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

    public static SwayRoute CreateWebhook { get; } = Webhook("CreateWebhook", HttpMethods.Post, "webhooks", "Subscribes a receiver URL to events; answers its secret, this once.", WebhookEndpoints.CreateAsync, 400);

    public static SwayRoute ListWebhooks { get; } = Webhook("ListWebhooks", HttpMethods.Get, "webhooks", "Every webhook subscription (without secrets).", WebhookEndpoints.ListAsync);

    public static SwayRoute GetWebhook { get; } = Webhook("GetWebhook", HttpMethods.Get, "webhooks/{id}", "One webhook subscription: its filter and state (disabled: why and since when).", WebhookEndpoints.GetAsync, 400, 404);

    public static SwayRoute DeleteWebhook { get; } = Webhook("DeleteWebhook", HttpMethods.Delete, "webhooks/{id}", "Removes a webhook subscription and its deliveries.", WebhookEndpoints.DeleteAsync, 400, 404);

    public static SwayRoute RotateWebhookSecret { get; } = Webhook("RotateWebhookSecret", HttpMethods.Post, "webhooks/{id}/secret", "A new signing secret, answered this once; the previous one signs too for 24 h.", WebhookEndpoints.RotateSecretAsync, 400, 404);

    public static SwayRoute EnableWebhook { get; } = Webhook("EnableWebhook", HttpMethods.Post, "webhooks/{id}/enable", "Re-activates a disabled subscription once its receiver is fixed.", WebhookEndpoints.EnableAsync, 400, 404);

    public static SwayRoute TestWebhook { get; } = Webhook("TestWebhook", HttpMethods.Post, "webhooks/{id}/test", "Sends a signed webhook.test event now and answers with the attempt.", WebhookEndpoints.SendTestAsync, 400, 404, 409);

    public static SwayRoute ResendWebhookDelivery { get; } = Webhook("ResendWebhookDelivery", HttpMethods.Post, "webhooks/{id}/deliveries/{deliveryId}/resend", "Sends a failed delivery again, with its original webhook-id.", WebhookEndpoints.ResendAsync, 400, 404, 409);

    public static SwayRoute ListWebhookDeliveries { get; } = Webhook("ListWebhookDeliveries", HttpMethods.Get, "webhooks/{id}/deliveries", "A subscription's latest deliveries, newest first, with every attempt.", WebhookEndpoints.ListDeliveriesAsync, 400, 404);

    public static SwayRoute CreateProfile { get; } = Keyed("CreateProfile", HttpMethods.Post, "profiles", "Profiles", "Creates a pro or personal profile from one account; answers the one-time code that proves control of it.", ProfileEndpoints.CreateAsync, 400, 404, 409);

    public static SwayRoute GetProfile { get; } = Keyed("GetProfile", HttpMethods.Get, "profiles/{id}", "Profiles", "A profile: its kind, linked accounts and links waiting for their proof.", ProfileEndpoints.GetAsync, 400, 404);

    public static SwayRoute EraseProfile { get; } = Keyed("EraseProfile", HttpMethods.Delete, "profiles/{id}", "Profiles", "Erases everything Sway holds about a profile, for good; answers what it removed.", ProfileEndpoints.EraseAsync, 400);

    public static SwayRoute LinkAccount { get; } = Keyed("LinkAccount", HttpMethods.Post, "profiles/{id}/accounts", "Profiles", "Asks to link one more account; answers its one-time code.", ProfileEndpoints.LinkAsync, 400, 404, 409);

    public static SwayRoute VerifyAccount { get; } = Keyed("VerifyAccount", HttpMethods.Post, "profiles/{id}/accounts/{network}/{handle}/verify", "Profiles", "Looks for the account's code on its network; links the account when found.", ProfileEndpoints.VerifyAsync, 400, 404, 409);

    public static SwayRoute UnlinkAccount { get; } = Keyed("UnlinkAccount", HttpMethods.Delete, "profiles/{id}/accounts/{network}/{handle}", "Profiles", "Unlinks an account (or drops its pending link) and removes its data.", ProfileEndpoints.UnlinkAsync, 400, 404);

    /// <summary>The whole API.</summary>
    public static IReadOnlyList<SwayRoute> All { get; } =
    [
        ScoreByHandle, ScoreByProfile,
        CreateWebhook, ListWebhooks, GetWebhook, DeleteWebhook, RotateWebhookSecret, EnableWebhook, TestWebhook, ResendWebhookDelivery, ListWebhookDeliveries,
        CreateProfile, GetProfile, EraseProfile, LinkAccount, VerifyAccount, UnlinkAccount,
    ];

    /// <summary>The routes as a reader writes them, for example in the answer to a path that matches none.</summary>
    public static string Describe(IEnumerable<SwayRoute> routes) => string.Join(", ", routes.Select(r => r.Display));

    /// <summary>A webhook management route: it needs the key, and storage that does not answer is a 503.</summary>
    private static SwayRoute Webhook(string name, string method, string template, string summary, Delegate handler, params int[] problems) =>
        Keyed(name, method, template, "Webhooks", summary, handler, problems);

    /// <summary>A route that needs the key; storage (or a network) that does not answer is a 503.</summary>
    private static SwayRoute Keyed(string name, string method, string template, string tag, string summary, Delegate handler, params int[] problems) =>
        new(name, method, template, RequiresKey: true, tag, summary, handler)
        {
            ProblemStatuses = [.. problems, StatusCodes.Status503ServiceUnavailable],
        };
}
