using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sway.Http;
using Sway.Webhooks;
using Sway.Webhooks.Receivers;

namespace Sway.Tests.Webhooks;

/// <summary>
/// The webhook management API over HTTP on the local host: the key, field-by-field 400s, refused receivers, and the
/// life of a subscription (created with its secret once, listed, shown, tested, resent, enabled, deleted).
/// Host names resolve through a fake resolver: no test here touches real DNS.
/// </summary>
public sealed class WebhookApiTests(AzuriteFixture azurite)
{
    private const string Key = "webhook-tests-key-0123456789";
    private const string Receiver = "https://receiver.example/hooks/sway";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> KeyRoutes => [.. SwayRoutes.All.Where(r => r.RequiresKey).Select(r => r.Name)];

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "", "body" },
        { "{ not json", "JSON" },
        { "[]", "JSON object" },
        { """{"events": ["score.changed"]}""", "url:" },
        { """{"url": 42, "events": ["score.changed"]}""", "url:" },
        { $$"""{"url": "{{Receiver}}"}""", "events:" },
        { $$"""{"url": "{{Receiver}}", "events": []}""", "events:" },
        { $$"""{"url": "{{Receiver}}", "events": ["score.exploded"]}""", "events:" },
        { $$"""{"url": "{{Receiver}}", "events": ["webhook.test"]}""", "events:" },
        { $$"""{"url": "{{Receiver}}", "events": ["score.changed"], "profileIds": ["Not An Id"]}""", "profileIds:" },
        { $$"""{"url": "{{Receiver}}", "events": ["score.changed"], "profileIds": []}""", "profileIds:" },
        { $$"""{"url": "{{Receiver}}", "events": ["score.changed"], "minChange": 0}""", "minChange:" },
        { $$"""{"url": "{{Receiver}}", "events": ["score.changed"], "minChange": "5"}""", "minChange:" },
        { $$"""{"url": "{{Receiver}}", "events": ["score.changed"], "secret": "hunter2"}""", "secret:" },
        { $$"""{"url": "{{Receiver}}", "events": ["score.changed"], "secret": "whsec_c2hvcnQ="}""", "secret:" },
        { $$"""{"url": "{{Receiver}}", "events": ["score.changed"], "colour": "red"}""", "colour:" },
        { "{\"url\": \"" + new string('a', 20_000) + "\"}", "larger than" },
    };

    /// <summary>One row per forbidden class of receiver (literal addresses: the connect-time check is tested apart).</summary>
    public static TheoryData<string> ForbiddenReceivers =>
    [
        "http://receiver.example/hooks",
        "ftp://receiver.example/hooks",
        "https://user:hunter2@receiver.example/hooks",
        "https://127.0.0.1/hooks",
        "https://[::1]/hooks",
        "https://10.1.2.3/hooks",
        "https://172.16.0.1/hooks",
        "https://192.168.1.1/hooks",
        "https://169.254.10.10/hooks",
        "https://[fe80::1]/hooks",
        "https://[fd00::1]/hooks",
        "https://100.64.0.1/hooks",
        "https://224.0.0.1/hooks",
        "https://[ff02::1]/hooks",
        "https://0.0.0.0/hooks",
        "https://[::]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://[::ffff:10.0.0.1]/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://168.63.129.16/hooks",
        "https://2130706433/hooks",
        "https://private.example/hooks",
    ];

    [Theory]
    [MemberData(nameof(KeyRoutes))]
    public async Task Every_management_route_without_the_key_is_a_401_problem_and_stores_nothing(string route)
    {
        await using var host = await StartAsync();
        var sway = SwayRoutes.All.Single(r => r.Name == route);
        var path = "/api/" + sway.Template.Replace("{id}", "wh_0123456789abcdef0123", StringComparison.Ordinal)
            .Replace("{deliveryId}", WebhookEvent.NewId(host.Clock.GetUtcNow()), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(sway.Method), path)
        {
            Content = new StringContent($$"""{"url": "{{Receiver}}", "events": ["score.changed"]}""", Encoding.UTF8, "application/json"),
        };

        var response = await host.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.Webhooks));
    }

    [Fact]
    public async Task A_wrong_key_is_a_401_and_stores_nothing()
    {
        await using var host = await StartAsync();

        var response = await PostAsync(host, "/api/webhooks", $$"""{"url": "{{Receiver}}", "events": ["score.changed"]}""", Key + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.Webhooks));
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_subscription_is_a_400_problem_naming_the_field_and_stores_nothing(string body, string named)
    {
        await using var host = await StartAsync();

        var response = await PostAsync(host, "/api/webhooks", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.Webhooks));
    }

    [Theory]
    [MemberData(nameof(ForbiddenReceivers))]
    public async Task A_subscription_to_a_forbidden_receiver_is_refused_and_stores_nothing(string url)
    {
        await using var host = await StartAsync();

        var response = await PostAsync(host, "/api/webhooks", $$"""{"url": "{{url}}", "events": ["score.changed"]}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("url:", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
        Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.Webhooks));
    }

    [Fact]
    public async Task A_subscription_is_created_with_its_secret_shown_once_then_listed_shown_and_deleted()
    {
        await using var host = await StartAsync();

        var created = await PostAsync(host, "/api/webhooks", $$"""{"url": "{{Receiver}}", "events": ["score.changed", "profile.erased"], "profileIds": ["alice"], "minChange": 3}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = (await created.Content.ReadFromJsonAsync<WebhookSubscriptionView>(SwayJson.Options, Ct))!;
        Assert.Equal($"/api/webhooks/{subscription.Id}", created.Headers.Location?.OriginalString);
        Assert.True(WebhookSecret.TryParse(subscription.Secret, out _, out _));
        Assert.Equal(["alice"], subscription.Filter.ProfileIds!);
        Assert.Equal(3, subscription.Filter.MinChange);
        Assert.Equal(["score.changed", "profile.erased"], subscription.Events);

        var shown = await GetAsync(host, $"/api/webhooks/{subscription.Id}");
        var listed = await GetAsync(host, "/api/webhooks");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var shownBody = await shown.Content.ReadAsStringAsync(Ct);
        var listedBody = await listed.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(subscription.Secret!, shownBody, StringComparison.Ordinal);
        Assert.DoesNotContain(subscription.Secret!, listedBody, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"active\"", shownBody, StringComparison.Ordinal);
        Assert.Contains(subscription.Id, listedBody, StringComparison.Ordinal);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/webhooks/{subscription.Id}");
        delete.Headers.Add(ApiKey.HeaderName, Key);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.SendAsync(delete, Ct)).StatusCode);
        await AssertProblemAsync(await GetAsync(host, $"/api/webhooks/{subscription.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_caller_supplied_secret_is_kept_and_the_key_works_as_a_code_query_parameter()
    {
        await using var host = await StartAsync();
        var secret = WebhookSecret.Generate().Text;

        var created = await host.Http.PostAsync(
            new Uri($"/api/webhooks?code={Key}", UriKind.Relative),
            new StringContent($$"""{"url": "{{Receiver}}", "events": ["score.changed"], "secret": "{{secret}}"}""", Encoding.UTF8, "application/json"),
            Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(secret, (await created.Content.ReadFromJsonAsync<WebhookSubscriptionView>(SwayJson.Options, Ct))!.Secret);
    }

    [Theory]
    [InlineData("GET", "/api/webhooks/not-an-id", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/webhooks/wh_0123456789abcdef0123", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/webhooks/wh_0123456789abcdef0123", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/webhooks/wh_0123456789abcdef0123/enable", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/webhooks/wh_0123456789abcdef0123/secret", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/webhooks/wh_0123456789abcdef0123/test", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/webhooks/wh_0123456789abcdef0123/deliveries", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/webhooks/wh_0123456789abcdef0123/deliveries/nope/resend", HttpStatusCode.BadRequest)]
    public async Task A_malformed_or_unknown_id_is_a_problem(string method, string path, HttpStatusCode expected)
    {
        await using var host = await StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(ApiKey.HeaderName, Key);

        await AssertProblemAsync(await host.Http.SendAsync(request, Ct), expected);
    }

    [Fact]
    public async Task Test_resend_deliveries_and_enable_work_over_http_against_a_loopback_receiver()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Respond = LoopbackReceiver.FailFirst(1, 410);
        await using var host = await StartAsync(("Webhooks:AllowLoopback", "true"), ("Webhooks:RetrySchedule", "00:00:00"));
        var created = await PostAsync(host, "/api/webhooks", $$"""{"url": "{{receiver.Url}}", "events": ["score.changed"]}""");
        var subscription = (await created.Content.ReadFromJsonAsync<WebhookSubscriptionView>(SwayJson.Options, Ct))!;

        var test = await PostAsync(host, $"/api/webhooks/{subscription.Id}/test", "");
        var failed = (await test.Content.ReadFromJsonAsync<WebhookDeliveryView>(SwayJson.Options, Ct))!;
        var disabled = await (await GetAsync(host, $"/api/webhooks/{subscription.Id}")).Content.ReadAsStringAsync(Ct);
        var refused = await PostAsync(host, $"/api/webhooks/{subscription.Id}/deliveries/{failed.Id}/resend", "");
        var enabled = await PostAsync(host, $"/api/webhooks/{subscription.Id}/enable", "");
        var resent = await PostAsync(host, $"/api/webhooks/{subscription.Id}/deliveries/{failed.Id}/resend", "");
        await host.DrainWebhookQueueAsync();
        var deliveries = await (await GetAsync(host, $"/api/webhooks/{subscription.Id}/deliveries")).Content.ReadFromJsonAsync<WebhookDeliveryView[]>(SwayJson.Options, Ct);

        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        Assert.Equal((WebhookDeliveryState.Failed, 410), (failed.State, failed.Attempts.Single().Status));
        Assert.Contains("\"state\":\"disabled\"", disabled, StringComparison.Ordinal);
        Assert.Contains("410", disabled, StringComparison.Ordinal);
        await AssertProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var delivery = Assert.Single(deliveries!);
        Assert.Equal(WebhookDeliveryState.Delivered, delivery.State);
        Assert.Equal([410, 200], delivery.Attempts.Select(a => a.Status));
        Assert.Equal(2, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        Assert.Contains("\"type\":\"webhook.test\"", receiver.Received.First().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_route_that_needs_the_key_behind_it()
    {
        await using var host = await StartAsync();

        using var document = JsonDocument.Parse(await host.Http.GetStringAsync(new Uri("/api/openapi.json", UriKind.Relative), Ct));

        var keyed = SwayRoutes.All.Where(r => r.RequiresKey).Select(r => r.Name).ToHashSet();
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value))
            .Where(o => o.TryGetProperty("operationId", out var id) && keyed.Contains(id.GetString()!))
            .ToList();
        Assert.Equal(keyed.Count, operations.Count);
        Assert.All(operations, o => Assert.True(o.TryGetProperty("security", out _), o.GetProperty("operationId").GetString()));
    }

    private Task<SwayTestHost> StartAsync(params (string Key, string? Value)[] settings)
    {
        var resolver = new FakeHostAddressResolver()
            .Answer("receiver.example", ["93.184.216.34"])
            .Answer("private.example", ["93.184.216.34", "10.0.0.7"]);
        return SwayTestHost.StartAsync(azurite, SwayTestHost.NewPrefix(), s => s.AddSingleton<IHostAddressResolver>(resolver), [("Api:Key", Key), .. settings]);
    }

    private static async Task<HttpResponseMessage> PostAsync(SwayTestHost host, string path, string body, string key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(ApiKey.HeaderName, key);
        return await host.Http.SendAsync(request, Ct);
    }

    private static async Task<HttpResponseMessage> GetAsync(SwayTestHost host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ApiKey.HeaderName, Key);
        return await host.Http.SendAsync(request, Ct);
    }

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}
