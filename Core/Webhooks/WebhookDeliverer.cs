using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Telemetry;

namespace Sway.Webhooks;

/// <summary>
/// The <c>webhook-deliveries</c> handler (the Functions <c>DeliverWebhook</c> trigger and the local host's worker).
/// Each attempt is claimed on the delivery row first (a conditional write), so two workers holding copies of one
/// message never both send; its outcome is recorded on the row, and a retry is a new message delayed by the queue
/// until the schedule (or the receiver's <c>Retry-After</c>) says. A worker that stops mid-attempt leaves a claim that
/// ends after <see cref="WebhookOptions.Timeout"/> plus a margin; the message comes back, records that attempt's
/// outcome as unknown and tries again under the same <c>webhook-id</c>, which receivers use to drop a repeat.
/// </summary>
public sealed partial class WebhookDeliverer(
    WebhookSubscriptionStore subscriptions,
    WebhookDeliveryStore deliveries,
    WebhookDeliveryQueue queue,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    SwayTelemetry telemetry,
    TimeProvider clock,
    ILogger<WebhookDeliverer> logger)
{
    private const int MaxReads = 5;
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClaimRecheck = TimeSpan.FromSeconds(2);
    private readonly WebhookOptions _options = options.Value;
    private readonly IReadOnlyList<TimeSpan> _schedule = options.Value.Schedule();

    /// <summary>Handles one queue message body; a malformed one throws, so that the host poisons it.</summary>
    public async Task HandleAsync(string messageBody, CancellationToken cancellationToken)
    {
        if (!WebhookDeliveryRequest.TryParse(messageBody, out var request, out var error))
        {
            throw new FormatException(error);
        }

        await AttemptAsync(request, cancellationToken);
    }

    /// <summary>Makes the attempt the request names, if it is still the one due; returns the delivery as it stands after.</summary>
    public async Task<WebhookDelivery?> AttemptAsync(WebhookDeliveryRequest request, CancellationToken cancellationToken)
    {
        for (var read = 1; read <= MaxReads; read++)
        {
            if (await deliveries.GetAsync(request.SubscriptionId, request.DeliveryId, cancellationToken) is not var (delivery, version))
            {
                return null; // its subscription was deleted
            }

            if (delivery.IsFinal || delivery.Run != request.Run)
            {
                return delivery;
            }

            var now = clock.GetUtcNow();
            var attempts = delivery.Attempts.ToList();
            if (delivery.State == WebhookDeliveryState.Sending)
            {
                if (request.Attempt != delivery.AttemptsInRun)
                {
                    return delivery; // a copy of an earlier attempt's message
                }

                if (delivery.ClaimedUntil > now)
                {
                    // Another worker is on it, or this message came back (its worker gone) before the claim ended:
                    // look again soon, until the attempt is recorded or the claim ends.
                    var remaining = delivery.ClaimedUntil.Value - now;
                    await queue.EnqueueAsync(request, remaining < ClaimRecheck ? remaining : ClaimRecheck, cancellationToken);
                    return delivery;
                }

                LogAttemptAbandoned(logger, delivery.Id, request.SubscriptionId, delivery.AttemptsInRun);
                attempts.Add(new WebhookAttempt(attempts.Count + 1, delivery.ClaimedUntil!.Value - ClaimTime, null, "unknown: the worker stopped during the attempt", TimeSpan.Zero));
            }
            else if (request.Attempt == delivery.AttemptsInRun)
            {
                // The message of the attempt just made: its worker recorded the failure and may have stopped before
                // asking for the next one. Ask again (a copy is harmless: only one claims the attempt).
                await queue.EnqueueAsync(request with { Attempt = request.Attempt + 1 }, (delivery.NextAttemptAt ?? now) - now, cancellationToken);
                return delivery;
            }
            else if (request.Attempt != delivery.AttemptsInRun + 1)
            {
                return delivery; // a copy of an earlier attempt's message
            }

            var subscription = await subscriptions.GetAsync(request.SubscriptionId, cancellationToken);
            if (subscription is null)
            {
                // Deleted after this event was stored with its score: the row has no one to go to.
                await deliveries.DeleteAsync(request.SubscriptionId, request.DeliveryId, cancellationToken);
                return null;
            }

            if (!subscription.IsActive || delivery.AttemptsInRun >= _schedule.Count)
            {
                var why = subscription.IsActive ? "every attempt of the schedule failed" : $"the subscription is disabled ({subscription.DisabledReason})";
                var failed = delivery with { State = WebhookDeliveryState.Failed, Attempts = attempts, ClaimedUntil = null, NextAttemptAt = null, FailedReason = why };
                if (await deliveries.TryReplaceAsync(failed, version, cancellationToken) is null)
                {
                    continue;
                }

                return failed;
            }

            var claimed = delivery with
            {
                State = WebhookDeliveryState.Sending,
                AttemptsInRun = delivery.AttemptsInRun + 1,
                Attempts = attempts,
                ClaimedUntil = now + ClaimTime,
                NextAttemptAt = null,
            };
            if (await deliveries.TryReplaceAsync(claimed, version, cancellationToken) is not { } claim)
            {
                continue; // someone else changed it: read again
            }

            return await SendAsync(subscription, claimed, claim, request, cancellationToken);
        }

        throw new InvalidOperationException($"Delivery {request.DeliveryId} changed under this worker {MaxReads} times in a row; the queue will retry.");
    }

    private TimeSpan ClaimTime => _options.Timeout + ClaimMargin;

    private async Task<WebhookDelivery> SendAsync(
        WebhookSubscription subscription, WebhookDelivery claimed, Azure.ETag claim, WebhookDeliveryRequest request, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var response = await sender.SendAsync(subscription, claimed, cancellationToken);
        var now = clock.GetUtcNow();
        var attempt = new WebhookAttempt(claimed.Attempts.Count + 1, startedAt, response.Status, response.Outcome, response.Duration);
        var attempts = claimed.Attempts.Append(attempt).ToList();
        telemetry.WebhookAttempted(claimed.EventType, response.Succeeded, response.Duration);

        WebhookDelivery outcome;
        string? disable = null;
        if (response.Succeeded)
        {
            outcome = claimed with { State = WebhookDeliveryState.Delivered, Attempts = attempts, ClaimedUntil = null, DeliveredAt = now };
            telemetry.WebhookDelivered(claimed.EventType, now - claimed.CreatedAt);
        }
        else if (response.Gone)
        {
            disable = "the receiver answered 410 Gone";
            outcome = claimed with { State = WebhookDeliveryState.Failed, Attempts = attempts, ClaimedUntil = null, FailedReason = disable };
        }
        else if (claimed.AttemptsInRun >= _schedule.Count)
        {
            outcome = claimed with { State = WebhookDeliveryState.Failed, Attempts = attempts, ClaimedUntil = null, FailedReason = "every attempt of the schedule failed" };
        }
        else
        {
            var delay = _schedule[claimed.AttemptsInRun];
            if (response.RetryAfter > delay)
            {
                delay = response.RetryAfter.Value > WebhookDeliveryQueue.MaxDelay ? WebhookDeliveryQueue.MaxDelay : response.RetryAfter.Value;
            }

            outcome = claimed with { State = WebhookDeliveryState.Pending, Attempts = attempts, ClaimedUntil = null, NextAttemptAt = now + delay };
        }

        if (await deliveries.TryReplaceAsync(outcome, claim, cancellationToken) is null)
        {
            // The claim ended before the attempt did, and another worker took the delivery over.
            LogClaimLost(logger, claimed.Id, subscription.Id);
            return outcome;
        }

        LogAttempted(logger, claimed.Id, subscription.Id, attempt.Number, response.Outcome, outcome.State);
        if (outcome.State == WebhookDeliveryState.Pending)
        {
            await queue.EnqueueAsync(request with { Attempt = outcome.AttemptsInRun + 1 }, outcome.NextAttemptAt!.Value - now, cancellationToken);
        }

        await UpdateHealthAsync(subscription, response.Succeeded, disable, now, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Keeps the subscription's failing-since time, and disables it on 410 or once every delivery has failed for
    /// <see cref="WebhookOptions.DisableAfter"/>. Writes only when something changes.
    /// </summary>
    private async Task UpdateHealthAsync(WebhookSubscription subscription, bool succeeded, string? disable, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (succeeded ? subscription.FailingSince is null : disable is null && subscription.FailingSince is { } since && now - since < _options.DisableAfter)
        {
            return;
        }

        var updated = await subscriptions.UpdateAsync(subscription.Id, s =>
        {
            if (succeeded)
            {
                return s with { FailingSince = null };
            }

            var failingSince = s.FailingSince ?? now;
            var reason = disable ?? (now - failingSince >= _options.DisableAfter
                ? $"every delivery failed for {_options.DisableAfter.TotalDays:0.#} days"
                : null);
            return reason is null || !s.IsActive
                ? s with { FailingSince = failingSince }
                : s with { FailingSince = failingSince, State = WebhookSubscriptionState.Disabled, DisabledReason = reason, DisabledAt = now };
        }, cancellationToken);
        if (updated is { IsActive: false } && subscription.IsActive)
        {
            LogDisabled(logger, subscription.Id, updated.DisabledReason!);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {DeliveryId} to {SubscriptionId}, attempt {Attempt}: {Outcome} ({State})")]
    private static partial void LogAttempted(ILogger logger, string deliveryId, string subscriptionId, int attempt, string outcome, WebhookDeliveryState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string subscriptionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} to {SubscriptionId}: a worker stopped during attempt {Attempt}; its outcome is unknown, trying again under the same webhook-id")]
    private static partial void LogAttemptAbandoned(ILogger logger, string deliveryId, string subscriptionId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} to {SubscriptionId}: the attempt outlived its claim and another worker took over; its outcome is not recorded")]
    private static partial void LogClaimLost(ILogger logger, string deliveryId, string subscriptionId);
}
