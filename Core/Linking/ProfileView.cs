using Sway.Domain;

namespace Sway.Linking;

/// <summary>A profile as its owner sees it: kind, linked accounts, and the links still waiting for their proof (without codes).</summary>
public sealed record ProfileView(
    string Id,
    ProfileKind? Kind,
    ProfileOrigin Origin,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LinkedAccount> Accounts,
    IReadOnlyList<PendingLinkView> Pending)
{
    public static ProfileView Of(Profile profile, IEnumerable<PendingLink> pending) =>
        new(profile.Id, profile.Kind, profile.Origin, profile.CreatedAt, profile.Accounts, [.. pending.Select(p => new PendingLinkView(p.Network, p.Handle, p.ExpiresAt, p.ChecksLeft))]);
}

/// <summary>A link waiting for its proof.</summary>
public sealed record PendingLinkView(string Network, string Handle, DateTimeOffset ExpiresAt, int ChecksLeft);
