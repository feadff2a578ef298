using System.Text.RegularExpressions;

namespace Sway.Domain;

/// <summary>
/// A social network Sway reads, with the shape its handles and account ids must have.
/// <see cref="IsReplay"/> networks are recorded datasets: they are scored as of the newest event replayed, not as of now.
/// </summary>
public sealed record Network(string Name, string DisplayName, Regex HandlePattern, Regex AccountIdPattern, bool IsReplay)
{
    /// <summary>
    /// A real network read live (Mastodon, Bluesky, X): only people who linked their accounts are kept by id there;
    /// everyone else who reacts is kept as a pseudonym. The demo population and research datasets are not live.
    /// </summary>
    public bool IsLive { get; init; }

    public override string ToString() => Name;
}
