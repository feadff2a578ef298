using Sway.Domain;

namespace Sway.Storage;

/// <summary>
/// What a score lookup answers, as stored in one row: a profile's current score and the accounts it links. The
/// current score row carries it (for a lookup by profile id) and so does each handle row of the profile's accounts
/// (for a lookup by handle), so that either lookup is one point read.
/// </summary>
public sealed record ScoredProfile(ScoreResult Score, IReadOnlyList<LinkedAccount> Accounts);
