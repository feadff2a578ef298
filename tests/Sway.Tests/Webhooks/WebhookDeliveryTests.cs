using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;
using Sway.Webhooks;
using Sway.Webhooks.Receivers;

namespace Sway.Tests.Webhooks;

/// <summary>
/// Webhook delivery against Azurite and a loopback receiver: the retry schedule under one <c>webhook-id</c>, what
/// receivers' answers do (410, 429, 3xx, silence), and one event per change however often a message is processed.
/// </summary>
public sealed class WebhookDeliveryTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_receiver_failing_five_times_gets_six_attempts_under_one_webhook_id_on_the_schedule_and_the_event_is_delivered_once()
    {
        const string schedule = "00:00:00,00:00:01,00:00:01,00:00:02,00:00:01,00:00:01";
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Respond = LoopbackReceiver.FailFirst(5);
        await using var host = await StartAsync(("Webhooks:RetrySchedule", schedule));
        var subscription = await SubscribeAsync(host, receiver);

        await ScoreNewProfileAsync(host, "alice");
        await host.DrainWebhookQueueAsync();

        var got = receiver.Received.ToList();
        Assert.Equal(6, got.Count);
        Assert.Single(got.Select(r => r.Id).Distinct());
        var delays = schedule.Split(',').Select(d => TimeSpan.Parse(d, CultureInfo.InvariantCulture)).ToList();
        for (var i = 1; i < got.Count; i++)
        {
            var gap = got[i].At - got[i - 1].At;
            Assert.True(gap >= delays[i] - TimeSpan.FromMilliseconds(50), $"attempt {i + 1} came {gap} after attempt {i}; the schedule says {delays[i]}");
        }

        var secret = WebhookSecret.Parse(subscription.Secret!);
        Assert.All(got, r => Assert.True(WebhookSignature.Verify(r.Id, r.Timestamp, r.Signature, r.Body, secret, host.Clock.GetUtcNow()), "signature"));
        var delivery = Assert.Single(await DeliveriesAsync(host, subscription));
        Assert.Equal(WebhookDeliveryState.Delivered, delivery.State);
        Assert.Equal([500, 500, 500, 500, 500, 200], delivery.Attempts.Select(a => a.Status));
    }

    [Fact]
    public async Task A_score_changed_event_carries_the_score_the_previous_one_the_model_and_the_as_of_time()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        await SubscribeAsync(host, receiver);

        var score = await ScoreNewProfileAsync(host, "alice");
        await host.DrainWebhookQueueAsync();

        var received = Assert.Single(receiver.Received);
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("score.changed", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal("alice", data.GetProperty("profileId").GetString());
        Assert.Equal(score.Score, data.GetProperty("score").GetInt32());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("previous").ValueKind);
        Assert.Equal(score.ModelVersion, data.GetProperty("modelVersion").GetString());
        Assert.Equal(score.AsOf, data.GetProperty("asOf").GetDateTimeOffset());
        Assert.True(body.RootElement.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task A_score_that_does_not_change_sends_nothing_and_a_filter_sends_only_what_it_names()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        await SubscribeAsync(host, receiver, """, "profileIds": ["bob"]""");

        await ScoreNewProfileAsync(host, "alice");
        await ScoreNewProfileAsync(host, "bob");
        await host.Get<ProfileScorer>().ScoreAsync("bob", nightly: false, Ct);
        await host.DrainWebhookQueueAsync();

        var received = Assert.Single(receiver.Received);
        Assert.Contains("\"bob\"", received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_score_message_processed_twice_sends_one_event()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        var subscription = await SubscribeAsync(host, receiver);
        await LinkWithReactionsAsync(host, "alice");
        var message = new ScoreRequest("alice", ScoreRequestReason.Activity).ToJson();

        await host.Get<ProfileScorer>().HandleAsync(message, Ct);
        await host.Get<ProfileScorer>().HandleAsync(message, Ct);
        await host.DrainWebhookQueueAsync();

        Assert.Single(receiver.Received);
        Assert.Single(await DeliveriesAsync(host, subscription));
    }

    [Fact]
    public async Task A_delivery_message_processed_twice_at_once_or_one_after_the_other_sends_one_event()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        await SubscribeAsync(host, receiver);
        await ScoreNewProfileAsync(host, "alice");
        var message = (await host.Storage.WebhookDeliveriesQueue.ReceiveMessageAsync(cancellationToken: Ct)).Value.Body.ToString();
        var deliverer = host.Get<WebhookDeliverer>();

        await Task.WhenAll(deliverer.HandleAsync(message, Ct), deliverer.HandleAsync(message, Ct));
        await deliverer.HandleAsync(message, Ct);

        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_change_stored_by_a_scoring_that_stopped_before_dispatching_is_sent_by_the_next_scoring_once()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        await SubscribeAsync(host, receiver);
        await LinkWithReactionsAsync(host, "alice");
        var profile = (await host.Get<ProfileStore>().GetAsync("alice", Ct))!;
        var score = ScoreModel.V1.Score(profile, [], host.Clock.GetUtcNow(), host.Clock.GetUtcNow());
        var outboxRow = await host.Get<WebhookOutbox>().ChangeRowAsync(score, null, Ct);
        Assert.True(await host.Get<ScoreStore>().TrySaveAsync(score, profile.Accounts, null, outboxRow, Ct)); // ...and the worker died here

        await host.Get<ProfileScorer>().HandleAsync(new ScoreRequest("alice", ScoreRequestReason.Activity).ToJson(), Ct);
        await host.Get<ProfileScorer>().HandleAsync(new ScoreRequest("alice", ScoreRequestReason.Activity).ToJson(), Ct);
        await host.DrainWebhookQueueAsync();

        Assert.Equal(2, receiver.Received.Count); // the stored change (1 → its score) and the rescoring's change back
        Assert.Equal(2, receiver.Received.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task An_event_for_a_subscription_deleted_before_its_delivery_is_dropped_with_its_row()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        var subscription = await SubscribeAsync(host, receiver);
        await ScoreNewProfileAsync(host, "alice");

        await host.Get<WebhookSubscriptionStore>().DeleteAsync(subscription.Id, Ct); // the store only: its deliveries stay behind
        await host.DrainWebhookQueueAsync();

        Assert.Empty(receiver.Received);
        Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.WebhookDeliveries));
    }

    [Fact]
    public async Task A_worker_that_stopped_mid_attempt_leaves_the_outcome_unknown_and_the_attempt_is_made_again_under_the_same_webhook_id()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        var subscription = await SubscribeAsync(host, receiver);
        await ScoreNewProfileAsync(host, "alice");
        var message = (await host.Storage.WebhookDeliveriesQueue.ReceiveMessageAsync(cancellationToken: Ct)).Value.Body.ToString();
        Assert.True(WebhookDeliveryRequest.TryParse(message, out var request, out _));
        var store = host.Get<WebhookDeliveryStore>();
        var (delivery, version) = (await store.GetAsync(request.SubscriptionId, request.DeliveryId, Ct))!.Value;
        var claimed = delivery with { State = WebhookDeliveryState.Sending, AttemptsInRun = 1, ClaimedUntil = host.Clock.GetUtcNow().AddSeconds(45) };
        Assert.NotNull(await store.TryReplaceAsync(claimed, version, Ct)); // a worker claimed attempt 1, then died

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.Get<WebhookDeliverer>().HandleAsync(message, Ct);

        var received = Assert.Single(receiver.Received);
        Assert.Equal(request.DeliveryId, received.Id);
        var after = Assert.Single(await DeliveriesAsync(host, subscription));
        Assert.Equal(WebhookDeliveryState.Delivered, after.State);
        Assert.Equal([null, 200], after.Attempts.Select(a => a.Status));
        Assert.StartsWith("unknown", after.Attempts[0].Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_410_disables_the_subscription_and_fails_the_delivery()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Respond = LoopbackReceiver.FailFirst(100, 410);
        await using var host = await StartAsync();
        var subscription = await SubscribeAsync(host, receiver);

        await ScoreNewProfileAsync(host, "alice");
        await host.DrainWebhookQueueAsync();
        await ScoreNewProfileAsync(host, "bob");
        await host.DrainWebhookQueueAsync();

        Assert.Single(receiver.Received);
        var shown = (await host.Get<WebhookSubscriptions>().GetAsync(subscription.Id, Ct)).Value!;
        Assert.Equal(WebhookSubscriptionState.Disabled, shown.State);
        Assert.Contains("410", shown.Disabled!.Reason, StringComparison.Ordinal);
        Assert.Equal(host.Clock.GetUtcNow(), shown.Disabled.Since);
        Assert.Equal(WebhookDeliveryState.Failed, Assert.Single(await DeliveriesAsync(host, subscription)).State);
    }

    [Fact]
    public async Task A_429_with_retry_after_in_seconds_delays_the_next_attempt()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Respond = (n, context) =>
        {
            context.Response.StatusCode = n == 1 ? 429 : 200;
            context.Response.Headers.RetryAfter = n == 1 ? "2" : default;
            return Task.CompletedTask;
        };
        await using var host = await StartAsync(("Webhooks:RetrySchedule", "00:00:00,00:00:00"));
        await SubscribeAsync(host, receiver);

        await ScoreNewProfileAsync(host, "alice");
        await host.DrainWebhookQueueAsync();

        var got = receiver.Received.ToList();
        Assert.Equal(2, got.Count);
        Assert.True(got[1].At - got[0].At >= TimeSpan.FromSeconds(1.95), $"the retry came {got[1].At - got[0].At} after the 429");
    }

    [Fact]
    public async Task A_503_with_retry_after_as_an_http_date_sets_the_next_attempt_to_that_date()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        var retryAt = host.Clock.GetUtcNow().AddHours(1);
        receiver.Respond = (_, context) =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = retryAt.ToString("R", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        };
        var subscription = await SubscribeAsync(host, receiver);

        var test = (await host.Get<WebhookSubscriptions>().SendTestAsync(subscription.Id, Ct)).Value!;

        Assert.Equal(WebhookDeliveryState.Pending, test.State);
        Assert.Equal(retryAt, test.NextAttemptAt);
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_not_followed()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Respond = (_, context) =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/elsewhere";
            return Task.CompletedTask;
        };
        await using var host = await StartAsync(("Webhooks:RetrySchedule", "00:00:00"));
        var subscription = await SubscribeAsync(host, receiver);

        var test = (await host.Get<WebhookSubscriptions>().SendTestAsync(subscription.Id, Ct)).Value!;

        Assert.Equal(WebhookDeliveryState.Failed, test.State);
        var attempt = Assert.Single(test.Attempts);
        Assert.Equal(302, attempt.Status);
        Assert.Contains("not followed", attempt.Outcome, StringComparison.Ordinal);
        Assert.All(receiver.Received, r => Assert.Equal("/hooks/sway", r.Path));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_is_cut_at_the_timeout()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Respond = (_, context) => Task.Delay(TimeSpan.FromSeconds(30), TimeProvider.System, context.RequestAborted);
        await using var host = await StartAsync(("Webhooks:Timeout", "00:00:01"), ("Webhooks:RetrySchedule", "00:00:00"));
        var subscription = await SubscribeAsync(host, receiver);
        var started = TimeProvider.System.GetTimestamp();

        var test = (await host.Get<WebhookSubscriptions>().SendTestAsync(subscription.Id, Ct)).Value!;

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var attempt = Assert.Single(test.Attempts);
        Assert.Null(attempt.Status);
        Assert.Contains("no answer within 1 s", attempt.Outcome, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Equal(WebhookDeliveryState.Failed, test.State);
    }

    [Fact]
    public async Task A_subscription_whose_deliveries_all_failed_for_five_days_is_disabled()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Respond = LoopbackReceiver.FailFirst(100);
        await using var host = await StartAsync(("Webhooks:RetrySchedule", "00:00:00"));
        var subscription = await SubscribeAsync(host, receiver);
        var webhooks = host.Get<WebhookSubscriptions>();

        await webhooks.SendTestAsync(subscription.Id, Ct);
        host.Clock.Advance(TimeSpan.FromDays(4.9));
        await webhooks.SendTestAsync(subscription.Id, Ct);
        var after5 = (await webhooks.GetAsync(subscription.Id, Ct)).Value!;
        host.Clock.Advance(TimeSpan.FromDays(0.2));
        await webhooks.SendTestAsync(subscription.Id, Ct);
        var after51 = (await webhooks.GetAsync(subscription.Id, Ct)).Value!;

        Assert.Equal(WebhookSubscriptionState.Active, after5.State);
        Assert.Equal(WebhookSubscriptionState.Disabled, after51.State);
        Assert.Contains("5 days", after51.Disabled!.Reason, StringComparison.Ordinal);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task After_a_rotation_both_secrets_sign_for_24_hours_then_only_the_new_one()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        var subscription = await SubscribeAsync(host, receiver);
        var webhooks = host.Get<WebhookSubscriptions>();
        var old = WebhookSecret.Parse(subscription.Secret!);

        var rotated = (await webhooks.RotateSecretAsync(subscription.Id, Ct)).Value!;
        await webhooks.SendTestAsync(subscription.Id, Ct);
        var during = receiver.Received.Last();
        var duringNow = host.Clock.GetUtcNow();
        host.Clock.Advance(TimeSpan.FromHours(24.1));
        await webhooks.SendTestAsync(subscription.Id, Ct);
        var after = receiver.Received.Last();

        var fresh = WebhookSecret.Parse(rotated.Secret!);
        Assert.NotEqual(old.Text, fresh.Text);
        Assert.Equal(2, during.Signature.Split(' ').Length);
        Assert.True(WebhookSignature.Verify(during.Id, during.Timestamp, during.Signature, during.Body, old, duringNow));
        Assert.True(WebhookSignature.Verify(during.Id, during.Timestamp, during.Signature, during.Body, fresh, duringNow));
        Assert.Single(after.Signature.Split(' '));
        Assert.False(WebhookSignature.Verify(after.Id, after.Timestamp, after.Signature, after.Body, old, host.Clock.GetUtcNow()));
        Assert.True(WebhookSignature.Verify(after.Id, after.Timestamp, after.Signature, after.Body, fresh, host.Clock.GetUtcNow()));
        Assert.Null((await webhooks.GetAsync(subscription.Id, Ct)).Value!.Secret);
    }

    [Fact]
    public async Task A_failed_delivery_resent_keeps_its_webhook_id_and_body()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Respond = LoopbackReceiver.FailFirst(1);
        await using var host = await StartAsync(("Webhooks:RetrySchedule", "00:00:00"));
        var subscription = await SubscribeAsync(host, receiver);
        var webhooks = host.Get<WebhookSubscriptions>();
        var failed = (await webhooks.SendTestAsync(subscription.Id, Ct)).Value!;

        var resent = await webhooks.ResendAsync(subscription.Id, failed.Id, Ct);
        await host.DrainWebhookQueueAsync();
        var again = await webhooks.ResendAsync(subscription.Id, failed.Id, Ct);

        Assert.Equal(WebhookDeliveryState.Failed, failed.State);
        Assert.True(resent.Succeeded);
        var got = receiver.Received.ToList();
        Assert.Equal(2, got.Count);
        Assert.Equal(got[0].Id, got[1].Id);
        Assert.Equal(got[0].Body, got[1].Body);
        Assert.Equal(WebhookDeliveryState.Delivered, Assert.Single(await DeliveriesAsync(host, subscription)).State);
        Assert.Equal(409, again.Problem!.Status);
    }

    [Fact]
    public async Task A_profile_erased_event_goes_only_to_subscriptions_that_asked_for_it()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var scoresOnly = await LoopbackReceiver.StartAsync();
        await using var host = await StartAsync();
        await SubscribeAsync(host, receiver, events: """["profile.erased"]""");
        await SubscribeAsync(host, scoresOnly);

        var erased = WebhookEvent.ProfileErased("alice", host.Clock.GetUtcNow());
        await host.Get<WebhookOutbox>().PublishAsync(erased, Ct);
        await host.Get<WebhookOutbox>().PublishAsync(erased, Ct);
        await host.DrainWebhookQueueAsync();

        var received = Assert.Single(receiver.Received);
        Assert.Equal(erased.Id, received.Id);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("profile.erased", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("alice", body.RootElement.GetProperty("data").GetProperty("profileId").GetString());
        Assert.Empty(scoresOnly.Received);
    }

    [Fact]
    public async Task A_name_that_resolved_to_a_public_address_when_subscribing_and_to_loopback_when_sending_is_blocked_at_connect_time()
    {
        await using var listener = new TcpResponder();
        var resolver = new FakeHostAddressResolver().Answer("rebind.example", ["93.184.216.34"], ["127.0.0.1"]);
        await using var host = await SwayTestHost.StartAsync(
            azurite,
            SwayTestHost.NewPrefix(),
            s => s.AddSingleton<IHostAddressResolver>(resolver),
            ("Webhooks:RetrySchedule", "00:00:00"));
        var created = await host.Get<WebhookSubscriptions>().CreateAsync($$"""{"url": "https://rebind.example:{{listener.Port}}/hooks", "events": ["score.changed"]}""", Ct);
        Assert.True(created.Succeeded, created.Problem?.Detail);

        var test = (await host.Get<WebhookSubscriptions>().SendTestAsync(created.Value.Id, Ct)).Value!;

        var attempt = Assert.Single(test.Attempts);
        Assert.Null(attempt.Status);
        Assert.Contains("rebind.example resolves to 127.0.0.1, a loopback address", attempt.Outcome, StringComparison.Ordinal);
        Assert.False(listener.Pending);
        Assert.Equal(WebhookDeliveryState.Failed, test.State);
    }

    private Task<SwayTestHost> StartAsync(params (string Key, string? Value)[] settings) =>
        SwayTestHost.StartAsync(azurite, [("Webhooks:AllowLoopback", "true"), ("Webhooks:RetrySchedule", "00:00:00,00:00:01"), .. settings]);

    private static async Task<WebhookSubscriptionView> SubscribeAsync(SwayTestHost host, LoopbackReceiver receiver, string extra = "", string events = """["score.changed"]""")
    {
        var outcome = await host.Get<WebhookSubscriptions>().CreateAsync($$"""{"url": "{{receiver.Url}}", "events": {{events}}{{extra}}}""", Ct);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return outcome.Value;
    }

    private static async Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(SwayTestHost host, WebhookSubscriptionView subscription) =>
        (await host.Get<WebhookSubscriptions>().ListDeliveriesAsync(subscription.Id, Ct)).Value!;

    private static Task<Profile> LinkWithReactionsAsync(SwayTestHost host, string id)
    {
        var now = host.Clock.GetUtcNow();
        return host.LinkAsync(
            id,
            [new LinkedAccount("mastodon", id, id + "@a.social")],
            [.. Enumerable.Range(0, 3).Select(i => new Interaction($"{id}-{i}", "mastodon", $"fan{i}", id, InteractionType.Reply, "p1", now.AddHours(-1)))]);
    }

    private static async Task<ScoreResult> ScoreNewProfileAsync(SwayTestHost host, string id)
    {
        await LinkWithReactionsAsync(host, id);
        return (await host.Get<ProfileScorer>().ScoreAsync(id, nightly: false, Ct))!;
    }
}
