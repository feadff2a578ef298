using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sway.Tests.Webhooks;

/// <summary>
/// A webhook receiver on 127.0.0.1 that records every request it gets (headers, body, arrival time) and answers as
/// the test scripts it: by default 200, or per attempt number (1-based, counted over every request).
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _count;

    private LoopbackReceiver(WebApplication app) => _app = app;

    /// <summary>How to answer request number n (1-based); null answers 200.</summary>
    public Func<int, HttpContext, Task>? Respond { get; set; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<LoopbackReceiver> StartAsync(string path = "/hooks/sway")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), path);
        return receiver;
    }

    /// <summary>Answers <paramref name="status"/> to the first <paramref name="times"/> requests, then 200.</summary>
    public static Func<int, HttpContext, Task> FailFirst(int times, int status = 500) =>
        (n, context) =>
        {
            context.Response.StatusCode = n <= times ? status : 200;
            return Task.CompletedTask;
        };

    /// <summary>Waits (real time) until at least <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (Received.Count < count)
        {
            Assert.True(_clock.Elapsed < deadline, $"Only {Received.Count} of {count} webhook requests arrived within {timeout}.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var n = Interlocked.Increment(ref _count);
        Received.Enqueue(new ReceivedWebhook(
            n,
            context.Request.Path,
            context.Request.Headers["webhook-id"].ToString(),
            context.Request.Headers["webhook-timestamp"].ToString(),
            context.Request.Headers["webhook-signature"].ToString(),
            context.Request.ContentType,
            body,
            _clock.Elapsed));
        if (Respond is { } respond)
        {
            await respond(n, context);
        }
    }
}

/// <summary>One request as the receiver got it; <see cref="At"/> is real time since the receiver started.</summary>
internal sealed record ReceivedWebhook(int Number, string Path, string Id, string Timestamp, string Signature, string? ContentType, string Body, TimeSpan At);
