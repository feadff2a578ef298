namespace Sway.Domain;

/// <summary>
/// A person's scored identity: one or more linked accounts across networks.
/// A person may keep several profiles (e.g. professional and personal); each is scored on its own.
/// </summary>
public sealed record Profile(string Id, IReadOnlyList<LinkedAccount> Accounts, ProfileOrigin Origin, DateTimeOffset CreatedAt)
{
    /// <summary>Pro or personal, for a profile a person linked (<see cref="ProfileOrigin.Linked"/>); null for demo and dataset profiles.</summary>
    public ProfileKind? Kind { get; init; }
}
