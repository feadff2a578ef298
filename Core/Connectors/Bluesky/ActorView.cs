namespace Sway.Connectors.Bluesky;

/// <summary>
/// An account as the AppView shows it (<c>app.bsky.actor.defs#profileView*</c>): its DID, current handle and, in the
/// detailed view of <c>getProfile</c>, its description and figures. Other fields are not read.
/// </summary>
internal sealed record ActorView(
    string Did,
    string Handle,
    string? Description = null,
    long? FollowersCount = null,
    long? FollowsCount = null,
    long? PostsCount = null);
