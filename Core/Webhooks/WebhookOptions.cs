using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Sway.Webhooks;

/// <summary>Webhook delivery settings (section <c>Webhooks</c>; environment variables <c>Webhooks__…</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The default schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (eight attempts).</summary>
    public const string DefaultRetrySchedule = "00:00:00,00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,10:00:00";

    /// <summary>
    /// Plain http to loopback addresses (development and tests only). Every other receiver must be https to a public
    /// address, checked when subscribing and again when connecting.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>How long one attempt may take, connection included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Webhooks:Timeout takes a duration from 100 ms to one minute.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The delay before each attempt of an event, comma-separated <c>hh:mm:ss</c>: the first is the delay of the
    /// first attempt (normally zero), and the number of entries is the number of attempts.
    /// </summary>
    public string RetrySchedule { get; set; } = DefaultRetrySchedule;

    /// <summary>A subscription whose deliveries have all failed for this long is disabled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Webhooks:DisableAfter takes a duration from one second to 30 days.")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>After a secret rotates, the previous secret keeps signing (beside the new one) for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Webhooks:RotationOverlap takes a duration up to seven days.")]
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a scoring worker reuses its list of subscriptions before reading it again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Webhooks:SubscriptionCacheTtl takes a duration up to one hour.")]
    public TimeSpan SubscriptionCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The parsed <see cref="RetrySchedule"/>; throws <see cref="FormatException"/> when it is not valid.</summary>
    public IReadOnlyList<TimeSpan> Schedule() =>
        TryParseSchedule(RetrySchedule, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParseSchedule(string? text, out IReadOnlyList<TimeSpan> schedule, out string error)
    {
        schedule = [];
        error = "";
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        var delays = new List<TimeSpan>(parts.Length);
        foreach (var part in parts)
        {
            if (!TimeSpan.TryParseExact(part, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var delay))
            {
                error = $"Webhooks:RetrySchedule is comma-separated hh:mm:ss delays (for example {DefaultRetrySchedule}); '{part}' is not one.";
                return false;
            }

            delays.Add(delay);
        }

        if (delays.Count is < 1 or > 20)
        {
            error = "Webhooks:RetrySchedule takes from 1 to 20 attempts.";
            return false;
        }

        schedule = delays;
        return true;
    }
}
