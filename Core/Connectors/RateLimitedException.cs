namespace Sway.Connectors;

/// <summary>
/// A network asked Sway to wait (a 429 with <c>Retry-After</c>, or a rate-limit window used up) for longer than one run
/// may wait (<see cref="ConnectorOptions.MaxWait"/>): the run ends its pull of that network where it is, and the next
/// run goes on from the stored cursor.
/// </summary>
public sealed class RateLimitedException : Exception
{
    public RateLimitedException()
    {
    }

    public RateLimitedException(string message)
        : base(message)
    {
    }

    public RateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RateLimitedException(string host, DateTimeOffset until)
        : base($"{host} limits Sway's requests until {until:u}; the pull goes on from its cursor in a later run.")
    {
        Host = host;
        Until = until;
    }

    public string? Host { get; }

    public DateTimeOffset? Until { get; }
}
