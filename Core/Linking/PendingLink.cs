using Sway.Domain;

namespace Sway.Linking;

/// <summary>
/// A link asked for and not proven yet: which account (its stable id and handle when asked), the hash of its one-time
/// code, until when the code holds, and how many checks remain.
/// </summary>
public sealed record PendingLink(
    string ProfileId,
    string Network,
    string AccountId,
    string Handle,
    string CodeHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int ChecksLeft)
{
    public LinkedAccount Account => new(Network, AccountId, Handle);
}
