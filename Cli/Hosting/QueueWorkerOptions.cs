using System.ComponentModel.DataAnnotations;

namespace Sway.Cli.Hosting;

/// <summary>
/// The local queue workers' settings (section <c>QueueWorker</c>), mirroring <c>host.json</c>'s
/// <c>extensions.queues</c> so that a message behaves the same locally and in Azure Functions.
/// </summary>
public sealed class QueueWorkerOptions
{
    public const string Section = "QueueWorker";

    /// <summary>Messages received at once (host.json <c>batchSize</c>, at most 32).</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>A new batch is received when the messages in flight drop to this many (host.json <c>newBatchThreshold</c>).</summary>
    [Range(0, 512)]
    public int NewBatchThreshold { get; set; } = 8;

    /// <summary>After this many failed deliveries a message moves to <c>&lt;queue&gt;-poison</c> (host.json <c>maxDequeueCount</c>).</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a failed message stays invisible before its next try (host.json <c>visibilityTimeout</c>).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a received message stays invisible to other workers; renewed every third of it while its handler
    /// runs. Short, so that a message whose receive answer was lost, or whose worker died, is delivered again soon.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "QueueWorker:Lease takes a duration from one second to ten minutes.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between polls of an empty queue (host.json <c>maxPollingInterval</c>; shorter locally).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);
}
