using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Storage;

namespace Sway.Cli.Hosting;

/// <summary>
/// A queue trigger for the local host, with Azure Functions' semantics: messages are received in batches and leased
/// (kept invisible) for a short time that is renewed while their handler runs, so a receive whose answer was lost, or
/// a worker that died, delays its messages by one lease, not minutes; success deletes the message; failure makes it
/// visible again after the visibility timeout, and the delivery that reaches <c>maxDequeueCount</c> moves the body,
/// intact, to <c>&lt;queue&gt;-poison</c>. A delete or update that finds the message gone (404, or 400
/// <c>PopReceiptMismatch</c>) is done, as the Functions queue listener reads it. Delivery is at least once, so
/// handlers must be idempotent.
/// </summary>
public sealed partial class QueueWorker(
    QueueClient queue,
    QueueClient poison,
    Func<string, CancellationToken, Task> handler,
    IOptions<QueueWorkerOptions> options,
    StorageRetry retry,
    TimeProvider clock,
    ILogger<QueueWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private readonly QueueWorkerOptions _options = options.Value;
    private long _handled;

    /// <summary>Deliveries handled so far (successes, failures and poisonings alike), for progress reports.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await PumpAsync(untilEmpty: null, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>
    /// Processes until the queue holds nothing, visible or leased: messages leased by a worker that died come back
    /// when their lease ends, and are processed too. Transient storage failures are retried (<see cref="StorageRetry"/>).
    /// Returns the number of deliveries handled.
    /// </summary>
    public Task<int> DrainAsync(CancellationToken cancellationToken) => PumpAsync(Task.CompletedTask, cancellationToken);

    /// <summary>
    /// Processes while <paramref name="producer"/> runs, then until the queue is empty: the queue stays short, as it
    /// does under the Functions host (and Azurite's cost per delete grows with the number of messages queued).
    /// </summary>
    public async Task<int> DrainWhileAsync(Task producer, CancellationToken cancellationToken)
    {
        var total = await PumpAsync(producer, cancellationToken);
        await producer;
        return total;
    }

    /// <summary>
    /// The Functions queue listener's loop: up to <c>batchSize</c> messages are received at once, and a new batch is
    /// fetched as soon as the messages still in flight drop to <c>newBatchThreshold</c>, so one slow message never
    /// holds the others back. An empty queue is polled with an interval that doubles up to <c>maxPollingInterval</c>.
    /// </summary>
    /// <param name="untilEmpty">Null: run until cancelled (the hosted worker). Otherwise, once this task has completed,
    /// stop when the queue holds nothing at all (drains).</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    private async Task<int> PumpAsync(Task? untilEmpty, CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>();
        var handled = 0;
        var wait = MinPollingInterval;
        while (true)
        {
            var received = 0;
            if (inFlight.Count <= _options.NewBatchThreshold)
            {
                try
                {
                    var messages = await ReceiveAsync(cancellationToken);
                    received = messages.Length;
                    inFlight.AddRange(messages.Select(m => ProcessAsync(m, cancellationToken)));
                    handled += received;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StorageErrors.IsTransient(ex, cancellationToken))
                {
                    LogPollFailed(logger, ex, queue.Name);
                }
            }

            if (received > 0)
            {
                wait = MinPollingInterval;
                if (inFlight.Count > _options.NewBatchThreshold)
                {
                    inFlight.Remove(await Task.WhenAny(inFlight));
                }

                continue;
            }

            if (inFlight.Count > 0)
            {
                // Nothing visible right now: wait for a message in flight to finish, or for the next poll.
                var finished = await Task.WhenAny(inFlight.Append(Task.Delay(wait, clock, cancellationToken)));
                inFlight.Remove(finished);
                inFlight.RemoveAll(t => t.IsCompleted);
                continue;
            }

            if (untilEmpty is { IsCompleted: true } && await IsEmptyAsync(cancellationToken))
            {
                return handled;
            }

            await (untilEmpty is { IsCompleted: false }
                ? Task.WhenAny(untilEmpty, Task.Delay(wait, clock, cancellationToken))
                : Task.Delay(wait, clock, cancellationToken));
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.MaxPollingInterval.Ticks));
        }
    }

    private async Task<QueueMessage[]> ReceiveAsync(CancellationToken cancellationToken) =>
        await queue.ReceiveMessagesAsync(_options.BatchSize, _options.Lease, cancellationToken);

    /// <summary>No message at all, visible or leased (a message leased by a worker that died comes back when its lease ends).</summary>
    private async Task<bool> IsEmptyAsync(CancellationToken cancellationToken) =>
        await retry.RunAsync(
            $"count the messages of {queue.Name}",
            async ct => (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount == 0,
            cancellationToken);

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var lease = new Lease(message.MessageId, message.PopReceipt);
        try
        {
            if (message.DequeueCount > _options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, lease, cancellationToken);
                return;
            }

            if (await HandleWhileRenewingAsync(message, lease, cancellationToken) is { } failure)
            {
                LogFailed(logger, failure, queue.Name, message.MessageId, message.DequeueCount);
                if (message.DequeueCount >= _options.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(message, lease, cancellationToken);
                }
                else
                {
                    await SettleAsync(ct => queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: ct), cancellationToken);
                }

                return;
            }

            await SettleAsync(ct => queue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, ct), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage failed while settling the message: its lease ends and it is delivered again (at least once).
            LogSettleFailed(logger, ex, queue.Name, message.MessageId);
        }
        finally
        {
            Interlocked.Increment(ref _handled);
        }
    }

    /// <summary>Runs the handler while renewing the message's lease; returns the handler's failure, if any.</summary>
    private async Task<Exception?> HandleWhileRenewingAsync(QueueMessage message, Lease lease, CancellationToken cancellationToken)
    {
        using var handling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(lease, handling.Token);
        try
        {
            await handler(message.Body.ToString(), cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ex;
        }
        finally
        {
            await handling.CancelAsync();
            await renewing;
        }
    }

    /// <summary>Every third of a lease, extends it by a whole lease; the new receipt replaces the old.</summary>
    private async Task RenewAsync(Lease lease, CancellationToken handling)
    {
        while (!handling.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.Lease / 3, clock, handling);
                var renewed = await queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: _options.Lease, cancellationToken: handling);
                lease.PopReceipt = renewed.Value.PopReceipt;
            }
            catch (OperationCanceledException) when (handling.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A renewal that failed (or whose answer was lost) may cost the lease: the message is then delivered
                // again when it ends, which an idempotent handler absorbs.
                LogRenewFailed(logger, ex, queue.Name, lease.MessageId);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, Lease lease, CancellationToken cancellationToken)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await SettleAsync(ct => queue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, ct), cancellationToken);
        LogPoisoned(logger, message.MessageId, poison.Name, message.DequeueCount);
    }

    /// <summary>A delete or update that finds the message gone was done already (by its own earlier try, after a lost answer).</summary>
    private async Task SettleAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call(cancellationToken);
        }
        catch (RequestFailedException ex) when (StorageErrors.IsQueueMessageGone(ex))
        {
            LogAlreadyGone(logger, queue.Name, ex.ErrorCode);
        }
    }

    /// <summary>A received message's id and its latest pop receipt (each renewal issues a new one).</summary>
    private sealed class Lease(string messageId, string popReceipt)
    {
        public string MessageId { get; } = messageId;

        public string PopReceipt { get; set; } = popReceipt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} failed (delivery {DequeueCount})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string queue, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} moved to {PoisonQueue} after {DequeueCount} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Queue} failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling message {MessageId} on {Queue} failed; it will be delivered again when its lease ends")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string queue, string messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewing the lease of message {MessageId} on {Queue} failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string queue, string messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A message on {Queue} was already gone ({ErrorCode}): done")]
    private static partial void LogAlreadyGone(ILogger logger, string queue, string? errorCode);
}
