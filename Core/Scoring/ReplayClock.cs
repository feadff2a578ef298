using Sway.Domain;
using Sway.Storage;

namespace Sway.Scoring;

/// <summary>
/// The one rule of what moment a profile is scored as of. Live networks: now. A replayed dataset: its end, the
/// newest event of what is being replayed, set before the replay stores its first event. So every profile of a
/// replay ends scored as of the same moment, with the same explanation and history row, however fast the replay ran,
/// however its work was interleaved, and whether or not it was interrupted: its result depends on the file alone.
/// </summary>
public sealed class ReplayClock(CursorStore cursors)
{
    /// <summary>The moment <paramref name="profile"/> is scored as of, when the wall clock says <paramref name="now"/>.</summary>
    public async Task<DateTimeOffset> AsOfAsync(Profile profile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        DateTimeOffset? latest = null;
        foreach (var network in profile.Accounts.Select(a => a.Network).Distinct(StringComparer.Ordinal))
        {
            if (await DatasetEndAsync(network, cancellationToken) is { } end && (latest is null || end > latest))
            {
                latest = end;
            }
        }

        return latest is { } value && value < now ? value : now;
    }

    /// <summary>The moment an account of <paramref name="network"/> is judged as of (a sender review), by the same rule.</summary>
    public async Task<DateTimeOffset> AsOfAsync(string network, DateTimeOffset now, CancellationToken cancellationToken) =>
        await DatasetEndAsync(network, cancellationToken) is { } end && end < now ? end : now;

    private async Task<DateTimeOffset?> DatasetEndAsync(string network, CancellationToken cancellationToken) =>
        Networks.TryGet(network, out var known) && known.IsReplay ? await cursors.GetClockAsync(network, cancellationToken) : null;

    /// <summary>
    /// Moves a dataset's clock to <paramref name="end"/> if that is later than it is; never back. It is <em>from the
    /// start</em> when it is set before anything of the dataset was read (<paramref name="nothingReadYet"/>) and never
    /// moved since: then every profile the replay's batches asked for was asked for as of this very clock.
    /// </summary>
    public async Task AdvanceAsync(Network network, DateTimeOffset end, bool nothingReadYet, CancellationToken cancellationToken)
    {
        var current = await cursors.GetClockAsync(network.Name, cancellationToken);
        if (current is null || end > current)
        {
            await cursors.SaveClockAsync(network.Name, end, fromStart: current is null && nothingReadYet, cancellationToken);
        }
    }

    /// <summary>
    /// The dataset's clock, when the network's profiles still have to be asked for as of it (else null), and whether
    /// it has been there from the start (then the profiles the batches asked for need not be asked for again).
    /// </summary>
    public async Task<(DateTimeOffset At, bool FromStart)?> UnsettledAsync(Network network, CancellationToken cancellationToken)
    {
        var clock = await cursors.GetClockAsync(network.Name, cancellationToken);
        var settled = await cursors.GetSettledAsync(network.Name, cancellationToken);
        return clock is { } at && settled != at ? (at, await cursors.IsClockFromStartAsync(network.Name, cancellationToken)) : null;
    }

    /// <summary>Records that every profile of the network was asked to be scored as of <paramref name="at"/>.</summary>
    public Task MarkSettledAsync(Network network, DateTimeOffset at, CancellationToken cancellationToken) =>
        cursors.SaveSettledAsync(network.Name, at, cancellationToken);
}
