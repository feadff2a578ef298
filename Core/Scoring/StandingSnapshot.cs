using System.Collections.Frozen;

namespace Sway.Scoring;

/// <summary>
/// The standings and trust of one night, as read from storage: every account that had more standing than none or
/// less trust than full. Anyone else is <see cref="ReactorStatus.Unknown"/>.
/// </summary>
public sealed class StandingSnapshot(string? generation, FrozenDictionary<(string Network, string AccountId), ReactorStatus> statuses) : IReactorStatuses
{
    public static StandingSnapshot Empty { get; } = new(null, FrozenDictionary<(string, string), ReactorStatus>.Empty);

    /// <summary>The night these standings come from (<c>yyyyMMdd</c>), or null before the first.</summary>
    public string? Generation { get; } = generation;

    public int Count => statuses.Count;

    public ReactorStatus Of(string network, string accountId) =>
        statuses.TryGetValue((network, accountId), out var status) ? status : ReactorStatus.Unknown;

    /// <summary>Whether the account has a row in this night's standings.</summary>
    public bool Holds(string network, string accountId) => statuses.ContainsKey((network, accountId));
}
