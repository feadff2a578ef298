using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Sway.Storage;

/// <summary>
/// Retries a step of a long operation (a pull batch, a page of the nightly fan-out, the creation of tables) when
/// storage fails transiently, above the SDK's own retries: exponential backoff with jitter (Polly), for as long as
/// storage has been failing for less than <see cref="StorageOutageOptions.GiveUpAfter"/>; then it gives up with a
/// <see cref="StorageUnavailableException"/>. Every step it runs must be idempotent, since a step whose answer was
/// lost runs again.
/// </summary>
public sealed partial class StorageRetry
{
    private static readonly ResiliencePropertyKey<long> FirstFailureKey = new("sway.storage.first-failure");
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _wallClock;
    private readonly TimeSpan _giveUpAfter;

    /// <param name="options">The outage settings.</param>
    /// <param name="wallClock">Real time: backoff waits are wall-clock waits, whatever clock scores are computed with.</param>
    /// <param name="logger">Where retries are logged.</param>
    public StorageRetry(IOptions<StorageOutageOptions> options, TimeProvider wallClock, ILogger<StorageRetry> logger)
    {
        _wallClock = wallClock;
        _giveUpAfter = options.Value.GiveUpAfter;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = wallClock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                    && StorageErrors.IsTransient(exception, args.Context.CancellationToken)
                    && exception is not StorageUnavailableException
                    && UnreachableFor(args.Context) < _giveUpAfter),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Value.FirstDelay,
                MaxDelay = options.Value.MaxDelay,
                OnRetry = args =>
                {
                    LogRetrying(logger, StorageErrors.Describe(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public async Task RunAsync(string operation, Func<CancellationToken, Task> step, CancellationToken cancellationToken) =>
        await RunAsync(
            operation,
            async ct =>
            {
                await step(ct);
                return true;
            },
            cancellationToken);

    /// <param name="operation">What the step does, for the message when storage stays unreachable ("store batch 3").</param>
    /// <param name="step">An idempotent step.</param>
    /// <param name="cancellationToken">Stops the step and the waits.</param>
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    try
                    {
                        return await state(ctx.CancellationToken);
                    }
                    catch (Exception ex) when (StorageErrors.IsTransient(ex, ctx.CancellationToken) && !ctx.Properties.TryGetValue(FirstFailureKey, out _))
                    {
                        ctx.Properties.Set(FirstFailureKey, _wallClock.GetTimestamp());
                        throw;
                    }
                },
                context,
                step);
        }
        catch (Exception ex) when (ex is not StorageUnavailableException && StorageErrors.IsTransient(ex, cancellationToken))
        {
            throw new StorageUnavailableException(operation, UnreachableFor(context), ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private TimeSpan UnreachableFor(ResilienceContext context) =>
        context.Properties.TryGetValue(FirstFailureKey, out var first) ? _wallClock.GetElapsedTime(first) : TimeSpan.Zero;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage failed transiently ({Reason}); trying again (attempt {Attempt}) in {DelaySeconds:F1} s")]
    private static partial void LogRetrying(ILogger logger, string reason, int attempt, double delaySeconds);
}
