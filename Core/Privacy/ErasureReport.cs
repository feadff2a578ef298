namespace Sway.Privacy;

/// <summary>
/// What <c>DELETE /api/profiles/{id}</c> removed. Erasing again removes nothing more and reports zeros
/// (<see cref="ProfileFound"/> false); the accounts stay tombstoned.
/// </summary>
public sealed record ErasureReport(
    string ProfileId,
    bool ProfileFound,
    int Accounts,
    int PendingLinks,
    int ReactionsReceived,
    int ReactionsSentPseudonymised,
    int ScoreRows,
    int StandingRows,
    int Cursors,
    int WebhookDeliveries,
    int WebhookFilters,
    int Tombstones);
