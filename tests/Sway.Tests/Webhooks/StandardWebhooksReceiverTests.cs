using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sway.Domain;
using Sway.Scoring;
using Sway.Webhooks;

namespace Sway.Tests.Webhooks;

/// <summary>
/// Receivers verify Sway's deliveries with any Standard Webhooks library, unchanged: the example receiver
/// (<c>docs/webhooks/receiver.mjs</c>, the reference JavaScript library pinned in package.json) accepts real
/// deliveries — a test event, a score change, both while a secret rotates — and rejects a forged one.
/// </summary>
public sealed class StandardWebhooksReceiverTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_reference_library_verifies_real_deliveries_even_during_a_rotation_and_rejects_a_forged_one()
    {
        var secret = WebhookSecret.Generate();
        var port = LoopbackPort.Free();
        using var receiver = NodeReceiver.Start(secret, port);
        await receiver.WaitForLineAsync(l => l.StartsWith("listening", StringComparison.Ordinal));
        await using var host = await SwayTestHost.StartAsync(azurite, ("Webhooks:AllowLoopback", "true"));
        host.Clock.SetUtcNow(TimeProvider.System.GetUtcNow()); // the receiver checks timestamps against its own clock
        var webhooks = host.Get<WebhookSubscriptions>();
        var created = await webhooks.CreateAsync($$"""{"url": "http://127.0.0.1:{{port}}/hooks", "events": ["score.changed"], "secret": "{{secret.Text}}"}""", Ct);
        Assert.True(created.Succeeded, created.Problem?.Detail);

        var test = (await webhooks.SendTestAsync(created.Value.Id, Ct)).Value!;
        await host.LinkAsync("alice", [new LinkedAccount("mastodon", "alice", "alice@a.social")], new Interaction("r1", "mastodon", "fan", "alice", InteractionType.Reply, "p1", host.Clock.GetUtcNow().AddHours(-1)));
        await host.Get<ProfileScorer>().ScoreAsync("alice", nightly: false, Ct);
        await host.DrainWebhookQueueAsync();
        await webhooks.RotateSecretAsync(created.Value.Id, Ct);
        var duringRotation = (await webhooks.SendTestAsync(created.Value.Id, Ct)).Value!;
        using var forged = new HttpClient();
        var forgery = await forged.PostAsync(
            new Uri($"http://127.0.0.1:{port}/hooks"),
            new StringContent("""{"type":"score.changed","data":{"score":100}}""") { Headers = { { "webhook-id", "msg_forged" }, { "webhook-timestamp", TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) }, { "webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl" } } },
            Ct);

        await receiver.WaitForLineAsync(l => l.StartsWith("rejected", StringComparison.Ordinal));
        Assert.Equal(WebhookDeliveryState.Delivered, test.State);
        Assert.Equal(WebhookDeliveryState.Delivered, duringRotation.State);
        Assert.Equal(HttpStatusCode.BadRequest, forgery.StatusCode);
        Assert.Contains(receiver.Lines, l => l.StartsWith($"verified {test.Id} webhook.test", StringComparison.Ordinal));
        Assert.Contains(receiver.Lines, l => l.Contains(" score.changed {\"profileId\":\"alice\"", StringComparison.Ordinal));
        Assert.Contains(receiver.Lines, l => l.StartsWith($"verified {duringRotation.Id} webhook.test", StringComparison.Ordinal));
    }


    /// <summary><c>node docs/webhooks/receiver.mjs PORT</c> with the secret in its environment; its output, line by line.</summary>
    private sealed class NodeReceiver : IDisposable
    {
        private readonly Process _process;

        private NodeReceiver(Process process) => _process = process;

        public ConcurrentQueue<string> Lines { get; } = new();

        public static NodeReceiver Start(WebhookSecret secret, int port)
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = Repository.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine("docs", "webhooks", "receiver.mjs"));
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
            start.Environment["SWAY_WEBHOOK_SECRET"] = secret.Text;
            var receiver = new NodeReceiver(new Process { StartInfo = start });
            receiver._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    receiver.Lines.Enqueue(line);
                }
            };
            receiver._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    receiver.Lines.Enqueue("stderr: " + line);
                }
            };
            receiver._process.Start();
            receiver._process.BeginOutputReadLine();
            receiver._process.BeginErrorReadLine();
            return receiver;
        }

        public async Task WaitForLineAsync(Func<string, bool> matches)
        {
            var waited = Stopwatch.StartNew();
            while (!Lines.Any(matches))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The receiver printed: " + string.Join(Environment.NewLine, Lines));
                Assert.False(_process.HasExited, "The receiver exited: " + string.Join(Environment.NewLine, Lines));
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
