using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Sway.Scheduling;

/// <summary>A timer schedule in the NCRONTAB-with-seconds format of Azure Functions timer triggers, evaluated in UTC.</summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    public string Text { get; }

    public static CronSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The schedule is empty.";
            return false;
        }

        try
        {
            schedule = new CronSchedule(text, CronExpression.Parse(text.Trim(), CronFormat.IncludeSeconds));
            error = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{text}' is not a six-field cron expression (second minute hour day month weekday): {ex.Message}";
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, TimeZoneInfo.Utc);

    public override string ToString() => Text;
}
