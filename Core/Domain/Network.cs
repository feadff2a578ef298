using System.Text.RegularExpressions;

namespace Sway.Domain;

/// <summary>
/// A social network Sway reads, with the shape its handles and account ids must have.
/// <see cref="IsReplay"/> networks are recorded datasets: they are scored as of the newest event replayed, not as of now.
/// </summary>
public sealed record Network(string Name, string DisplayName, Regex HandlePattern, Regex AccountIdPattern, bool IsReplay)
{
    public override string ToString() => Name;
}
