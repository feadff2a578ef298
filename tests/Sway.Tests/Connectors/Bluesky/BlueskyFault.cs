namespace Sway.Tests.Connectors.Bluesky;

/// <summary>What <see cref="BlueskyFake"/> answers instead of (or on top of) the right answer to one request.</summary>
internal sealed record BlueskyFault(BlueskyFaultKind Kind, TimeSpan Wait = default)
{
    /// <summary>429 with <c>Retry-After</c> in seconds.</summary>
    public static BlueskyFault RetryAfterSeconds(TimeSpan wait) => new(BlueskyFaultKind.RetryAfterSeconds, wait);

    /// <summary>429 with <c>Retry-After</c> as an HTTP date, <paramref name="wait"/> after the fake's clock.</summary>
    public static BlueskyFault RetryAfterDate(TimeSpan wait) => new(BlueskyFaultKind.RetryAfterDate, wait);

    /// <summary>The right answer, saying the window is used up: <c>RateLimit-Remaining: 0</c> and its reset (Unix seconds).</summary>
    public static BlueskyFault WindowUsedUp(TimeSpan resetIn) => new(BlueskyFaultKind.WindowUsedUp, resetIn);

    public static BlueskyFault ServerError { get; } = new(BlueskyFaultKind.ServerError);

    public static BlueskyFault Malformed { get; } = new(BlueskyFaultKind.Malformed);

    public static BlueskyFault Truncated { get; } = new(BlueskyFaultKind.Truncated);

    public static BlueskyFault WrongShape { get; } = new(BlueskyFaultKind.WrongShape);

    /// <summary>400 <c>InvalidRequest</c>, as the AppView answers about a post or account that is gone.</summary>
    public static BlueskyFault Gone { get; } = new(BlueskyFaultKind.Gone);
}

/// <summary>The kinds of <see cref="BlueskyFault"/>.</summary>
public enum BlueskyFaultKind
{
    RetryAfterSeconds,
    RetryAfterDate,
    WindowUsedUp,
    ServerError,
    Malformed,
    Truncated,
    WrongShape,
    Gone,
}
