namespace Sway.Connectors;

/// <summary>An account's public figures as its network reports them: followers, accounts followed, posts.</summary>
public sealed record AudienceFigures(long Followers, long Following, long Posts);
