using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Sway.Http;
using Sway.Webhooks;

namespace Sway.Functions;

/// <summary>
/// The webhook management routes (<see cref="WebhookEndpoints"/>), one trigger per row of <see cref="SwayRoutes"/>.
/// <c>AuthorizationLevel.Function</c>: the Functions host checks the key (<c>x-functions-key</c> or <c>?code=</c>)
/// before the worker sees the request, as the local host does with <c>Api:Key</c>.
/// </summary>
public sealed class ManageWebhooks(WebhookSubscriptions webhooks)
{
    [Function("CreateWebhook")]
    public async Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks")] HttpRequest req) =>
        await WebhookEndpoints.CreateAsync(req, webhooks, req.HttpContext.RequestAborted);

    [Function("ListWebhooks")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "webhooks")] HttpRequest req) =>
        await WebhookEndpoints.ListAsync(webhooks, req.HttpContext.RequestAborted);

    [Function("GetWebhook")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "webhooks/{id}")] HttpRequest req,
        string id) =>
        await WebhookEndpoints.GetAsync(id, webhooks, req.HttpContext.RequestAborted);

    [Function("DeleteWebhook")]
    public async Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "webhooks/{id}")] HttpRequest req,
        string id) =>
        await WebhookEndpoints.DeleteAsync(id, webhooks, req.HttpContext.RequestAborted);

    [Function("RotateWebhookSecret")]
    public async Task<IResult> RotateSecretAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks/{id}/secret")] HttpRequest req,
        string id) =>
        await WebhookEndpoints.RotateSecretAsync(id, webhooks, req.HttpContext.RequestAborted);

    [Function("EnableWebhook")]
    public async Task<IResult> EnableAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks/{id}/enable")] HttpRequest req,
        string id) =>
        await WebhookEndpoints.EnableAsync(id, webhooks, req.HttpContext.RequestAborted);

    [Function("TestWebhook")]
    public async Task<IResult> SendTestAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks/{id}/test")] HttpRequest req,
        string id) =>
        await WebhookEndpoints.SendTestAsync(id, webhooks, req.HttpContext.RequestAborted);

    [Function("ResendWebhookDelivery")]
    public async Task<IResult> ResendAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks/{id}/deliveries/{deliveryId}/resend")] HttpRequest req,
        string id,
        string deliveryId) =>
        await WebhookEndpoints.ResendAsync(id, deliveryId, webhooks, req.HttpContext.RequestAborted);

    [Function("ListWebhookDeliveries")]
    public async Task<IResult> ListDeliveriesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "webhooks/{id}/deliveries")] HttpRequest req,
        string id) =>
        await WebhookEndpoints.ListDeliveriesAsync(id, webhooks, req.HttpContext.RequestAborted);
}
