using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Api;
using Sway.Storage;
using Sway.Webhooks.Receivers;

namespace Sway.Webhooks;

/// <summary>
/// The webhook management operations behind <c>/api/webhooks</c>: subscribe, list, show, remove, rotate the secret,
/// enable again, send a test event, resend a delivery, list deliveries. Input is checked before anything is stored
/// (a 400 names the field); unknown ids are 404s; storage that does not answer is a 503.
/// </summary>
public sealed partial class WebhookSubscriptions(
    WebhookSubscriptionStore subscriptions,
    WebhookDeliveryStore deliveries,
    WebhookDeliveryQueue queue,
    WebhookDeliverer deliverer,
    IHostAddressResolver resolver,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSubscriptions> logger)
{
    public const int MaxDeliveriesListed = 100;

    private static readonly Problem Unavailable =
        Problem.Unavailable("Sway's storage is not answering right now; nothing stored is lost. Try again in a few seconds.");

    private readonly WebhookOptions _options = options.Value;

    public Task<Outcome<WebhookSubscriptionView>> CreateAsync(string? body, CancellationToken cancellationToken) => GuardAsync<WebhookSubscriptionView>(async () =>
    {
        if (!WebhookSubscriptionRequest.TryParse(body, out var request, out var problem))
        {
            return problem;
        }

        var check = await ReceiverUrl.CheckAsync(request.Url, _options.AllowLoopback, resolver, cancellationToken);
        if (!check.IsAllowed)
        {
            return Problem.BadRequest(check.Error);
        }

        var now = clock.GetUtcNow();
        var subscription = new WebhookSubscription(
            WebhookSubscription.NewId(), check.Url, request.Events, request.ProfileIds, request.MinChange, WebhookSubscriptionState.Active,
            null, null, now, null, request.Secret ?? WebhookSecret.Generate(), null, null);
        await subscriptions.AddAsync(subscription, cancellationToken);
        LogCreated(logger, subscription.Id, subscription.Url.Host, subscription.Events);
        return WebhookSubscriptionView.Of(subscription, now, withSecret: true);
    });

    public Task<Outcome<IReadOnlyList<WebhookSubscriptionView>>> ListAsync(CancellationToken cancellationToken) => GuardAsync<IReadOnlyList<WebhookSubscriptionView>>(async () =>
    {
        var now = clock.GetUtcNow();
        var all = await subscriptions.ListAsync(cancellationToken);
        return new Outcome<IReadOnlyList<WebhookSubscriptionView>>(all.Select(s => WebhookSubscriptionView.Of(s, now)).ToList());
    });

    public Task<Outcome<WebhookSubscriptionView>> GetAsync(string? id, CancellationToken cancellationToken) => GuardAsync<WebhookSubscriptionView>(async () =>
        IsId(id, out var problem)
            ? await subscriptions.GetAsync(id!, cancellationToken) is { } s ? WebhookSubscriptionView.Of(s, clock.GetUtcNow()) : NoSuch(id!)
            : problem);

    /// <summary>Removes a subscription and its deliveries; messages still queued for them find nothing and do nothing.</summary>
    public Task<Outcome<WebhookSubscriptionView>> DeleteAsync(string? id, CancellationToken cancellationToken) => GuardAsync<WebhookSubscriptionView>(async () =>
    {
        if (!IsId(id, out var problem))
        {
            return problem;
        }

        var subscription = await subscriptions.GetAsync(id!, cancellationToken);
        if (subscription is null || !await subscriptions.DeleteAsync(id!, cancellationToken))
        {
            return NoSuch(id!);
        }

        await deliveries.DeleteAllAsync(id!, cancellationToken);
        LogDeleted(logger, id!);
        return WebhookSubscriptionView.Of(subscription, clock.GetUtcNow());
    });

    /// <summary>A new secret, shown once; the previous one keeps signing beside it for <see cref="WebhookOptions.RotationOverlap"/>.</summary>
    public Task<Outcome<WebhookSubscriptionView>> RotateSecretAsync(string? id, CancellationToken cancellationToken) => GuardAsync<WebhookSubscriptionView>(async () =>
    {
        if (!IsId(id, out var problem))
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var fresh = WebhookSecret.Generate();
        var rotated = await subscriptions.UpdateAsync(id!, s => s with
        {
            Secret = fresh,
            PreviousSecret = s.Secret,
            PreviousSecretExpiresAt = now + _options.RotationOverlap,
        }, cancellationToken);
        if (rotated is null)
        {
            return NoSuch(id!);
        }

        LogRotated(logger, id!, rotated.PreviousSecretExpiresAt!.Value);
        return WebhookSubscriptionView.Of(rotated, now, withSecret: true);
    });

    /// <summary>Re-activates a disabled subscription (its failing-since time starts over). Deliveries that failed meanwhile can be resent.</summary>
    public Task<Outcome<WebhookSubscriptionView>> EnableAsync(string? id, CancellationToken cancellationToken) => GuardAsync<WebhookSubscriptionView>(async () =>
    {
        if (!IsId(id, out var problem))
        {
            return problem;
        }

        var enabled = await subscriptions.UpdateAsync(id!, s => s with
        {
            State = WebhookSubscriptionState.Active,
            DisabledReason = null,
            DisabledAt = null,
            FailingSince = null,
        }, cancellationToken);
        return enabled is null ? NoSuch(id!) : WebhookSubscriptionView.Of(enabled, clock.GetUtcNow());
    });

    /// <summary>Sends a signed <c>webhook.test</c> event now and answers with the first attempt's outcome (retries follow the schedule).</summary>
    public Task<Outcome<WebhookDeliveryView>> SendTestAsync(string? id, CancellationToken cancellationToken) => GuardAsync<WebhookDeliveryView>(async () =>
    {
        if (!IsId(id, out var problem))
        {
            return problem;
        }

        var subscription = await subscriptions.GetAsync(id!, cancellationToken);
        if (subscription is null)
        {
            return NoSuch(id!);
        }

        if (!subscription.IsActive)
        {
            return Problem.Conflict($"Subscription '{id}' is disabled ({subscription.DisabledReason}); enable it first: POST /api/webhooks/{id}/enable.");
        }

        var now = clock.GetUtcNow();
        var test = WebhookEvent.Test(id!, now);
        await deliveries.AddIfMissingAsync(WebhookDelivery.Of(id!, test, now), cancellationToken);
        var delivery = await deliverer.AttemptAsync(new WebhookDeliveryRequest(id!, test.Id, 1, 1), cancellationToken);
        return WebhookDeliveryView.Of(delivery!);
    });

    /// <summary>Sends a failed delivery again, with its original <c>webhook-id</c> and body, through a new run of the schedule.</summary>
    public Task<Outcome<WebhookDeliveryView>> ResendAsync(string? id, string? deliveryId, CancellationToken cancellationToken) => GuardAsync<WebhookDeliveryView>(async () =>
    {
        if (!IsId(id, out var problem))
        {
            return problem;
        }

        if (!WebhookEvent.IsId(deliveryId))
        {
            return Problem.BadRequest($"'{Domain.Handle.Printable(deliveryId ?? "")}' is not a delivery id (msg_ and 35 digits and letters).");
        }

        var subscription = await subscriptions.GetAsync(id!, cancellationToken);
        if (subscription is null)
        {
            return NoSuch(id!);
        }

        if (!subscription.IsActive)
        {
            return Problem.Conflict($"Subscription '{id}' is disabled ({subscription.DisabledReason}); enable it first: POST /api/webhooks/{id}/enable.");
        }

        while (true)
        {
            if (await deliveries.GetAsync(id!, deliveryId!, cancellationToken) is not var (delivery, version))
            {
                return Problem.NotFound($"Subscription '{id}' has no delivery '{deliveryId}'.");
            }

            if (delivery.State != WebhookDeliveryState.Failed)
            {
                return Problem.Conflict($"Delivery '{deliveryId}' is {delivery.State.ToString().ToLowerInvariant()}; only a failed delivery is resent.");
            }

            var now = clock.GetUtcNow();
            var again = delivery with { State = WebhookDeliveryState.Pending, Run = delivery.Run + 1, AttemptsInRun = 0, NextAttemptAt = now, FailedReason = null };
            if (await deliveries.TryReplaceAsync(again, version, cancellationToken) is not null)
            {
                await queue.EnqueueAsync(new WebhookDeliveryRequest(id!, deliveryId!, again.Run, 1), TimeSpan.Zero, cancellationToken);
                return WebhookDeliveryView.Of(again);
            }
        }
    });

    public Task<Outcome<IReadOnlyList<WebhookDeliveryView>>> ListDeliveriesAsync(string? id, CancellationToken cancellationToken) => GuardAsync<IReadOnlyList<WebhookDeliveryView>>(async () =>
    {
        if (!IsId(id, out var problem))
        {
            return problem;
        }

        if (await subscriptions.GetAsync(id!, cancellationToken) is null)
        {
            return NoSuch(id!);
        }

        var list = await deliveries.ListAsync(id!, MaxDeliveriesListed, cancellationToken);
        return new Outcome<IReadOnlyList<WebhookDeliveryView>>(list.Select(WebhookDeliveryView.Of).ToList());
    });

    private static bool IsId(string? id, out Problem problem)
    {
        problem = Problem.BadRequest($"'{Domain.Handle.Printable(id ?? "")}' is not a subscription id (wh_ and 20 hexadecimal digits).");
        return WebhookSubscription.IsId(id);
    }

    private static Problem NoSuch(string id) => Problem.NotFound($"There is no webhook subscription '{id}'.");

    private static async Task<Outcome<T>> GuardAsync<T>(Func<Task<Outcome<T>>> operation)
        where T : notnull
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex, CancellationToken.None))
        {
            return Unavailable;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook subscription {SubscriptionId} created for {Host} ({Events})")]
    private static partial void LogCreated(ILogger logger, string subscriptionId, string host, IReadOnlyList<string> events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook subscription {SubscriptionId} deleted")]
    private static partial void LogDeleted(ILogger logger, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook subscription {SubscriptionId}: secret rotated; the previous one signs too until {Until:u}")]
    private static partial void LogRotated(ILogger logger, string subscriptionId, DateTimeOffset until);
}
