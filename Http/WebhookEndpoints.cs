using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sway.Webhooks;

namespace Sway.Http;

/// <summary>The handlers of the webhook management routes (<see cref="WebhookSubscriptions"/>), shared by both hosts; all need the key.</summary>
public static class WebhookEndpoints
{
    /// <summary><c>POST /api/webhooks</c>: 201 with the subscription and its secret (shown this once).</summary>
    public static async Task<Results<Created<WebhookSubscriptionView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, WebhookSubscriptionRequest.MaxBodyBytes, cancellationToken);
        var outcome = await webhooks.CreateAsync(body, cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/webhooks/{outcome.Value.Id}", outcome.Value) : outcome.Problem.ToHttpResult();
    }

    /// <summary><c>GET /api/webhooks</c>: every subscription, without secrets.</summary>
    public static async Task<Results<Ok<IReadOnlyList<WebhookSubscriptionView>>, ProblemHttpResult>> ListAsync(
        [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken) =>
        (await webhooks.ListAsync(cancellationToken)).ToOkOrProblem();

    /// <summary><c>GET /api/webhooks/{id}</c>: one subscription, its state and, when disabled, why and since when.</summary>
    public static async Task<Results<Ok<WebhookSubscriptionView>, ProblemHttpResult>> GetAsync(
        string id, [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken) =>
        (await webhooks.GetAsync(id, cancellationToken)).ToOkOrProblem();

    /// <summary><c>DELETE /api/webhooks/{id}</c>: 204; the subscription and its deliveries are gone.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken)
    {
        var outcome = await webhooks.DeleteAsync(id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Problem.ToHttpResult();
    }

    /// <summary><c>POST /api/webhooks/{id}/secret</c>: a new secret (shown this once); the previous one signs too for 24 h.</summary>
    public static async Task<Results<Ok<WebhookSubscriptionView>, ProblemHttpResult>> RotateSecretAsync(
        string id, [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken) =>
        (await webhooks.RotateSecretAsync(id, cancellationToken)).ToOkOrProblem();

    /// <summary><c>POST /api/webhooks/{id}/enable</c>: a disabled subscription receives events again.</summary>
    public static async Task<Results<Ok<WebhookSubscriptionView>, ProblemHttpResult>> EnableAsync(
        string id, [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken) =>
        (await webhooks.EnableAsync(id, cancellationToken)).ToOkOrProblem();

    /// <summary><c>POST /api/webhooks/{id}/test</c>: sends a signed <c>webhook.test</c> event now; answers with the attempt.</summary>
    public static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> SendTestAsync(
        string id, [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken) =>
        (await webhooks.SendTestAsync(id, cancellationToken)).ToOkOrProblem();

    /// <summary><c>POST /api/webhooks/{id}/deliveries/{deliveryId}/resend</c>: 202; a failed delivery goes out again under its original <c>webhook-id</c>.</summary>
    public static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> ResendAsync(
        string id, string deliveryId, [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken)
    {
        var outcome = await webhooks.ResendAsync(id, deliveryId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Accepted($"/api/webhooks/{id}/deliveries", outcome.Value) : outcome.Problem.ToHttpResult();
    }

    /// <summary><c>GET /api/webhooks/{id}/deliveries</c>: the latest deliveries, newest first, with every attempt.</summary>
    public static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryView>>, ProblemHttpResult>> ListDeliveriesAsync(
        string id, [FromServices] WebhookSubscriptions webhooks, CancellationToken cancellationToken) =>
        (await webhooks.ListDeliveriesAsync(id, cancellationToken)).ToOkOrProblem();
}
