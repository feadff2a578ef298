using System.ComponentModel.DataAnnotations;

namespace Sway.Connectors.Mastodon;

/// <summary>
/// The Mastodon instances Sway reads (section <c>Connectors:Mastodon</c>): one reader per instance, each serving the
/// accounts <c>user@domain</c> of its domain. No instance: no Mastodon connector.
/// </summary>
public sealed class MastodonOptions : IValidatableObject
{
    public const string Section = "Connectors:Mastodon";

    public List<MastodonInstance> Instances { get; set; } = [];

    /// <summary>How far back each pass over an account re-reads its posts, for the reactions that keep arriving on them.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "90.00:00:00", ErrorMessage = "Connectors:Mastodon:ReReadWindow takes a duration from one day to 90 days.")]
    public TimeSpan ReReadWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Why these settings cannot be used, or null when they can (checked at start-up).</summary>
    public string? Problem()
    {
        for (var i = 0; i < Instances.Count; i++)
        {
            if (Instances[i].Problem() is { } problem)
            {
                return $"{Section}:Instances:{i}: {problem}";
            }
        }

        var repeated = Instances.GroupBy(i => i.Domain, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? null : $"{Section}:Instances names the domain '{repeated.Key}' more than once.";
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Problem() is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(Instances)]);
        }
    }
}
