using Microsoft.Extensions.Logging;
using Sway.Domain;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Scoring;

/// <summary>
/// Computes a profile's score from the reactions its accounts received in the model's window and stores it with
/// a daily history row. Idempotent: processing the same request twice stores the same score and one history row.
/// </summary>
public sealed partial class ProfileScorer(
    ProfileStore profiles,
    InteractionStore interactions,
    ScoreStore scores,
    CursorStore cursors,
    ScoreModel model,
    SwayTelemetry telemetry,
    TimeProvider clock,
    ILogger<ProfileScorer> logger)
{
    /// <summary>Handles one queue message body. Malformed bodies throw, so that the host retries and finally poisons them.</summary>
    public async Task HandleAsync(string messageBody, CancellationToken cancellationToken)
    {
        if (!ScoreRequest.TryParse(messageBody, out var request, out var error))
        {
            throw new FormatException(error);
        }

        await ScoreAsync(request.ProfileId, cancellationToken);
    }

    /// <summary>Scores and stores; returns null when the profile does not exist (erased, or never linked).</summary>
    public async Task<ScoreResult?> ScoreAsync(string profileId, CancellationToken cancellationToken)
    {
        using var activity = SwayTelemetry.StartScoring(profileId);
        var profile = await profiles.GetAsync(profileId, cancellationToken);
        if (profile is null)
        {
            LogUnknownProfile(logger, profileId);
            return null;
        }

        var now = clock.GetUtcNow();
        var asOf = await AsOfAsync(profile, now, cancellationToken);
        var received = new List<Interaction>();
        foreach (var account in profile.Accounts)
        {
            await foreach (var interaction in interactions.ReadReceivedAsync(account.Network, account.AccountId, asOf - model.Window, asOf, cancellationToken))
            {
                received.Add(interaction);
            }
        }

        var result = model.Score(profile, received, asOf, now);
        await scores.SaveAsync(result, cancellationToken);
        telemetry.Scored(result);
        LogScored(logger, profile.Id, result.Score, result.ModelVersion, received.Count);
        return result;
    }

    /// <summary>Live networks are scored as of now; a replayed dataset as of the newest event replayed from it.</summary>
    private async Task<DateTimeOffset> AsOfAsync(Profile profile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var replayed = profile.Accounts.Select(a => a.Network).Distinct().Where(n => Networks.TryGet(n, out var network) && network.IsReplay).ToList();
        if (replayed.Count == 0)
        {
            return now;
        }

        DateTimeOffset? latest = null;
        foreach (var network in replayed)
        {
            var at = await cursors.GetClockAsync(network, cancellationToken);
            if (at is not null && (latest is null || at > latest))
            {
                latest = at;
            }
        }

        return latest is { } value && value < now ? value : now;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Profile {ProfileId} does not exist (erased or never linked); nothing to score")]
    private static partial void LogUnknownProfile(ILogger logger, string profileId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scored {ProfileId}: {Score} (model {ModelVersion}, {Reactions} reactions)")]
    private static partial void LogScored(ILogger logger, string profileId, int score, string modelVersion, int reactions);
}
