using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sway.Tests.Cli;
using Sway.Webhooks;

namespace Sway.Tests.Webhooks;

/// <summary>
/// End to end, as a user runs it: <c>sway serve --demo</c> with loopback receivers allowed, a subscription made over
/// HTTP with the key, and real signed <c>score.changed</c> events arriving at a loopback receiver.
/// </summary>
public sealed class ServeWebhooksTests(AzuriteFixture azurite)
{
    private const string Key = "serve-webhooks-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sway_serve_demo_delivers_signed_score_changed_events_to_a_subscribed_loopback_receiver()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var port = LoopbackPort.Free();
        await using var sway = SwayProcess.Start(
            new Dictionary<string, string>
            {
                ["SwayStorage"] = azurite.ConnectionString,
                ["Storage__NamePrefix"] = SwayTestHost.NewPrefix(),
                ["Api__Key"] = Key,
                ["Webhooks__AllowLoopback"] = "true",
                ["Schedules__Pull"] = "*/5 * * * * *",
            },
            "serve", "--demo", "--port", port.ToString(CultureInfo.InvariantCulture));
        await sway.WaitForOutputAsync(line => line.Contains("listening", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks")
        {
            Content = new StringContent($$"""{"url": "{{receiver.Url}}", "events": ["score.changed"]}""", Encoding.UTF8, "application/json"),
        };
        subscribe.Headers.Add("x-functions-key", Key);
        var created = await http.SendAsync(subscribe, Ct);
        var body = await created.Content.ReadAsStringAsync(Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var secret = WebhookSecret.Parse(JsonDocument.Parse(body).RootElement.GetProperty("secret").GetString()!);

        await receiver.WaitForAsync(3, TimeSpan.FromMinutes(2));

        var events = receiver.Received.Take(3).ToList();
        Assert.All(events, e =>
        {
            Assert.True(WebhookSignature.Verify(e.Id, e.Timestamp, e.Signature, e.Body, secret, TimeProvider.System.GetUtcNow()), $"signature of {e.Id}");
            using var json = JsonDocument.Parse(e.Body);
            Assert.Equal("score.changed", json.RootElement.GetProperty("type").GetString());
            var data = json.RootElement.GetProperty("data");
            Assert.StartsWith("demo-", data.GetProperty("profileId").GetString(), StringComparison.Ordinal);
            Assert.InRange(data.GetProperty("score").GetInt32(), 1, 100);
        });
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.DoesNotContain(secret.Text, sway.Output + sway.Error, StringComparison.Ordinal);
    }

}
