using Sway.Scheduling;

namespace Sway.Tests.Unit;

/// <summary>Timer schedules: six-field cron expressions evaluated in UTC.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 0 2 * * *")]
    [InlineData("0 */5 * * * *")]
    [InlineData("*/30 * * * * *")]
    [InlineData(" 0 0 2 * * * ")]
    [InlineData("0 30 9 * * 1-5")]
    public void TryParse_accepts_a_six_field_expression(string text)
    {
        var ok = CronSchedule.TryParse(text, out var schedule, out var error);

        Assert.True(ok, error);
        Assert.Equal(text, schedule?.Text);
    }

    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("* * * * * * *")]
    [InlineData("every night")]
    [InlineData("0 0 25 * * *")]
    [InlineData("0 60 * * * *")]
    [InlineData("00:05:00")]
    public void TryParse_rejects_anything_but_a_six_field_expression_with_a_reason(string text)
    {
        var ok = CronSchedule.TryParse(text, out var schedule, out var error);

        Assert.False(ok);
        Assert.Null(schedule);
        Assert.Contains("six-field", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_rejects_an_empty_schedule(string? text)
    {
        Assert.False(CronSchedule.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Parse_throws_a_format_exception_for_an_invalid_expression()
    {
        Assert.Throws<FormatException>(() => CronSchedule.Parse("0 2 * * *"));
    }

    [Fact]
    public void Next_after_the_nightly_time_is_the_same_time_the_next_day()
    {
        var nightly = CronSchedule.Parse("0 0 2 * * *");

        var next = nightly.Next(Day.AddHours(3));

        Assert.Equal(Day.AddDays(1).AddHours(2), next);
    }

    [Fact]
    public void Next_before_the_nightly_time_is_later_the_same_day()
    {
        var nightly = CronSchedule.Parse("0 0 2 * * *");

        Assert.Equal(Day.AddHours(2), nightly.Next(Day.AddHours(1)));
    }

    [Fact]
    public void Next_is_strictly_after_an_occurrence()
    {
        var nightly = CronSchedule.Parse("0 0 2 * * *");

        Assert.Equal(Day.AddDays(1).AddHours(2), nightly.Next(Day.AddHours(2)));
    }

    [Fact]
    public void Next_is_evaluated_in_utc_whatever_the_offset_of_the_given_time()
    {
        var nightly = CronSchedule.Parse("0 0 2 * * *");
        var oneThirtyUtc = Day.AddHours(1.5).ToOffset(TimeSpan.FromHours(2));

        var next = nightly.Next(oneThirtyUtc);

        Assert.Equal(Day.AddHours(2), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void Next_is_the_first_matching_time_after_any_time()
    {
        var everyFiveMinutes = CronSchedule.Parse("0 */5 * * * *");
        var random = new Random(9);
        for (var run = 0; run < 500; run++)
        {
            var after = Day + TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 400));

            var next = everyFiveMinutes.Next(after)!.Value;

            Assert.True(next > after, $"{next:o} is not after {after:o}");
            Assert.True(next - after <= TimeSpan.FromMinutes(5), $"{next:o} is too far after {after:o}");
            Assert.Equal(0, next.Second);
            Assert.Equal(0, next.Millisecond);
            Assert.Equal(0, next.Minute % 5);
        }
    }
}
