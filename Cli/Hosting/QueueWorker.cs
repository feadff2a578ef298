using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sway.Cli.Hosting;

/// <summary>
/// A queue trigger for the local host, with Azure Functions' semantics: messages are received in batches and kept
/// invisible while they are processed; success deletes the message; failure makes it visible again after the
/// visibility timeout, and the delivery that reaches <c>maxDequeueCount</c> moves the body, intact, to
/// <c>&lt;queue&gt;-poison</c>. Delivery is at least once, so handlers must be idempotent.
/// </summary>
public sealed partial class QueueWorker(
    QueueClient queue,
    QueueClient poison,
    Func<string, CancellationToken, Task> handler,
    IOptions<QueueWorkerOptions> options,
    TimeProvider clock,
    ILogger<QueueWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private readonly QueueWorkerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ProcessBatchAsync(stoppingToken) > 0)
                {
                    wait = MinPollingInterval;
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, ex, queue.Name);
            }

            await Task.Delay(wait, clock, stoppingToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.MaxPollingInterval.Ticks));
        }
    }

    /// <summary>Processes until the queue has nothing visible left; returns the number of deliveries handled.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        for (int handled; (handled = await ProcessBatchAsync(cancellationToken)) > 0;)
        {
            total += handled;
        }

        return total;
    }

    /// <summary>
    /// Processes while <paramref name="producer"/> runs, then until the queue is empty: the queue stays short, as it
    /// does under the Functions host (and Azurite's cost per delete grows with the number of messages queued).
    /// </summary>
    public async Task<int> DrainWhileAsync(Task producer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (!producer.IsCompleted)
        {
            var handled = await ProcessBatchAsync(cancellationToken);
            total += handled;
            if (handled == 0)
            {
                await Task.WhenAny(producer, Task.Delay(MinPollingInterval, clock, cancellationToken));
            }
        }

        await producer;
        return total + await DrainAsync(cancellationToken);
    }

    /// <summary>Receives one batch and processes its messages in parallel; returns how many were received.</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        QueueMessage[] messages = await queue.ReceiveMessagesAsync(_options.BatchSize, _options.Lease, cancellationToken);
        // The whole batch is processed concurrently, as the Functions host does.
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, messages.Length), CancellationToken = cancellationToken }, ProcessAsync);
        return messages.Length;
    }

    private async ValueTask ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, cancellationToken);
            return;
        }

        try
        {
            await handler(message.Body.ToString(), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, queue.Name, message.MessageId, message.DequeueCount);
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, cancellationToken);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: cancellationToken);
            }

            return;
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        LogPoisoned(logger, message.MessageId, poison.Name, message.DequeueCount);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} failed (delivery {DequeueCount})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string queue, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} moved to {PoisonQueue} after {DequeueCount} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Queue} failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string queue);
}
