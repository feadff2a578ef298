using Sway.Domain;

namespace Sway.Connectors;

/// <summary>
/// An account as the network's public API shows it, for linking: its stable id (a Mastodon <c>user@instance</c>, a
/// Bluesky DID), its current handle, its figures, and the texts its owner controls where a proof code may be placed
/// (bio or description, profile field values, the texts of its latest posts). The texts are read, searched for the
/// code and dropped: Sway stores none of them.
/// </summary>
public sealed record PublicAccount(string Network, string AccountId, string Handle, AudienceFigures Figures, IReadOnlyList<string> Texts)
{
    public LinkedAccount ToLinkedAccount() => new(Network, AccountId, Handle);
}
