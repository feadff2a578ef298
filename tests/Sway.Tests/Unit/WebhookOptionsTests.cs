using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sway.Webhooks;

namespace Sway.Tests.Unit;

/// <summary>Webhook settings: the retry schedule as documented, and a bad setting stops the start-up naming it.</summary>
public sealed class WebhookOptionsTests
{
    [Fact]
    public void The_default_schedule_is_eight_attempts_from_immediately_to_ten_hours()
    {
        var schedule = new WebhookOptions().Schedule();

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)],
            schedule);
    }

    [Theory]
    [InlineData("Webhooks:RetrySchedule", "soon", "RetrySchedule")]
    [InlineData("Webhooks:RetrySchedule", "00:00:00,5", "RetrySchedule")]
    [InlineData("Webhooks:RetrySchedule", "", "RetrySchedule")]
    [InlineData("Webhooks:Timeout", "00:05:00", "Timeout")]
    [InlineData("Webhooks:DisableAfter", "00:00:00", "DisableAfter")]
    public void A_bad_webhook_setting_is_refused_naming_it(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();
        using var services = new ServiceCollection().AddSwayWebhooks(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WebhookOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
