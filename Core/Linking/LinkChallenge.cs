namespace Sway.Linking;

/// <summary>
/// The answer to a link request: the one-time code (shown this once), where to put it, until when it holds, and how
/// many checks it has; then <c>POST {VerifyAt}</c> makes Sway look for it.
/// </summary>
public sealed record LinkChallenge(
    string ProfileId,
    string Network,
    string Handle,
    string Code,
    DateTimeOffset ExpiresAt,
    int ChecksLeft,
    string VerifyAt,
    string Instructions);
