using Sway.Domain;

namespace Sway.Storage;

/// <summary>
/// A profile's current score row: the score and the profile's accounts as stored beside it (null in a row written
/// before rows carried them: the lookup then reads the profile).
/// </summary>
public sealed record CurrentScore(ScoreResult Score, IReadOnlyList<LinkedAccount>? Accounts);
