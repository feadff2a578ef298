namespace Sway.Telemetry;

/// <summary>
/// One look at a queue: how many messages it holds (approximately, as storage counts them) and how old the oldest
/// visible one is (zero when none is visible). <paramref name="Queue"/> is the queue's name without the instance prefix.
/// </summary>
public sealed record QueueSample(string Queue, bool Poison, long Depth, TimeSpan OldestAge);
