using Sway.Domain;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Api;

/// <summary>
/// The score lookups behind <c>GET /api/scores/{network}/{handle}</c> and <c>GET /api/profiles/{id}/score</c>.
/// Input is validated before anything touches storage: unknown networks and malformed handles or ids are 400s,
/// unknown profiles and profiles not scored yet are 404s, storage that does not answer is a 503, each a
/// <see cref="Problem"/> that the HTTP layer answers as a problem-details body.
/// </summary>
/// <remarks>
/// Each answer's latency is recorded by route and status (<c>sway.lookup.duration</c>). A scored profile is answered in
/// one point read: by handle, from the copy of its score and accounts in the handle row; by id, from its current score
/// row, which carries its accounts (<see cref="ScoredProfile"/>). Rows without them (written before they carried them,
/// or whose copy is being refreshed) are answered from the profile and the score, as they were before.
/// </remarks>
public sealed class ScoreLookup(ProfileStore profiles, ScoreStore scores, SwayTelemetry telemetry, TimeProvider clock)
{
    public const string ByHandleRoute = "by_handle";
    public const string ByProfileRoute = "by_profile";

    /// <summary>While storage does not answer (after the SDK's own retries): 503, and the caller tries again later.</summary>
    private static readonly Problem Unavailable =
        Problem.Unavailable("Sway's storage is not answering right now; nothing stored is lost. Try again in a few seconds.");

    public Task<Outcome<ScoreView>> ByHandleAsync(string? networkName, string? rawHandle, CancellationToken cancellationToken) =>
        TimedAsync(ByHandleRoute, () => FindByHandleAsync(networkName, rawHandle, cancellationToken));

    public Task<Outcome<ScoreView>> ByProfileAsync(string? profileId, CancellationToken cancellationToken) =>
        TimedAsync(ByProfileRoute, () => FindByProfileAsync(profileId, cancellationToken));

    private async Task<Outcome<ScoreView>> TimedAsync(string route, Func<Task<Outcome<ScoreView>>> lookup)
    {
        var started = clock.GetTimestamp();
        var outcome = await lookup();
        telemetry.LookupAnswered(route, outcome.Problem?.Status ?? 200, clock.GetElapsedTime(started));
        return outcome;
    }

    private async Task<Outcome<ScoreView>> FindByHandleAsync(string? networkName, string? rawHandle, CancellationToken cancellationToken)
    {
        if (!Networks.TryGet(networkName, out var network))
        {
            var known = string.Join(", ", Networks.All.Select(n => n.Name));
            return Problem.BadRequest($"Unknown network '{Handle.Printable(networkName ?? "")}'. Known networks: {known}.");
        }

        if (!Handle.TryNormalize(network, rawHandle, out var handle, out var error))
        {
            return Problem.BadRequest(error);
        }

        HandleEntry? entry;
        try
        {
            entry = await profiles.FindHandleAsync(network.Name, handle, cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex, cancellationToken))
        {
            return Unavailable;
        }

        return entry switch
        {
            null => Problem.NotFound($"No profile has linked the {network.DisplayName} account '{handle}'. Sway scores only people who link their accounts."),
            { Score: { } copy } => ScoreView.Of(entry.ProfileId, copy),
            _ => await ScoreOfAsync(entry.ProfileId, cancellationToken),
        };
    }

    private async Task<Outcome<ScoreView>> FindByProfileAsync(string? profileId, CancellationToken cancellationToken)
    {
        if (profileId is null || !ProfileId.IsValid(profileId))
        {
            return Problem.BadRequest(
                $"'{Handle.Printable(profileId ?? "")}' is not a profile id (lower-case letters, digits and dashes, at most {ProfileId.MaxLength}).");
        }

        return await ScoreOfAsync(profileId, cancellationToken);
    }

    private async Task<Outcome<ScoreView>> ScoreOfAsync(string profileId, CancellationToken cancellationToken)
    {
        try
        {
            return await StoredScoreAsync(profileId, cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex, cancellationToken))
        {
            return Unavailable;
        }
    }

    private async Task<Outcome<ScoreView>> StoredScoreAsync(string profileId, CancellationToken cancellationToken)
    {
        var current = await scores.GetCurrentWithAccountsAsync(profileId, cancellationToken);
        if (current is { Accounts: { } accounts })
        {
            return ScoreView.Of(profileId, new ScoredProfile(current.Score, accounts));
        }

        var profile = await profiles.GetAsync(profileId, cancellationToken);
        if (profile is null)
        {
            return Problem.NotFound($"There is no profile '{profileId}'.");
        }

        return current is null
            ? Problem.NotFound($"Profile '{profileId}' has not been scored yet; its first score is computed after its activity is pulled.")
            : ScoreView.Of(profile, current.Score);
    }
}
