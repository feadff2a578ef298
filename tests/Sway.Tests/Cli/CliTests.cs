using System.Globalization;
using Sway.Domain;

namespace Sway.Tests.Cli;

/// <summary>The <c>sway</c> command as a user meets it: clear messages and non-zero exits for bad input.</summary>
public sealed class CliTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("demo", "a/b")]
    [InlineData("demo", "a\u0001b")]
    [InlineData("myspace", "alice")]
    public async Task Score_with_bad_input_exits_2_with_a_message(string network, string handle)
    {
        var result = await SwayCli.RunAsync(Storage(SwayTestHost.NewPrefix()), "score", network, handle);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sway: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_of_an_account_nobody_linked_exits_1_with_a_message()
    {
        var result = await SwayCli.RunAsync(Storage(SwayTestHost.NewPrefix()), "score", "mastodon", "alice@example.social");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No profile has linked", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_prints_the_score_with_its_components()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var profile = await host.LinkAsync(
            "linked-erin",
            [new LinkedAccount("mastodon", "42", "erin@example.social")],
            new Interaction("e1", "mastodon", "7", "42", InteractionType.Repost, "p1", host.Clock.GetUtcNow().AddHours(-2)));
        var score = await host.Get<Scoring.ProfileScorer>().ScoreAsync(profile.Id, nightly: false, Ct);

        var result = await SwayCli.RunAsync(Storage(host.Prefix), "score", "mastodon", "@erin@example.social");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith($"{score!.Score}  profile linked-erin", result.Output, StringComparison.Ordinal);
        Assert.Contains("mastodon repost", result.Output, StringComparison.Ordinal);
        Assert.Contains("came from who reacted", result.Output, StringComparison.Ordinal);
        Assert.Contains("Top amplifiers:", result.Output, StringComparison.Ordinal);
        Assert.Contains("mastodon:7 (1 reactions, standing 0)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_of_a_missing_file_exits_non_zero_with_a_message()
    {
        var result = await SwayCli.RunAsync(Storage(SwayTestHost.NewPrefix()), "replay", "--file", "/nonexistent/activity.txt");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/nonexistent/activity.txt", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_of_a_malformed_file_exits_1_naming_the_line_and_leaves_stored_data_as_it_was()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        await host.LinkAsync("linked-finn", [new LinkedAccount("higgs", "5", "5")]);
        var before = await TableSnapshot.DescribeAsync(host.Storage.Profiles.All, "Accounts");
        var file = Path.Combine(Path.GetTempPath(), $"{host.Prefix}.txt");
        await File.WriteAllLinesAsync(file, ["1 5 1341100972 RT", "1 3 not-a-time RT"], Ct);
        try
        {
            var result = await SwayCli.RunAsync(Storage(host.Prefix), "replay", "--file", file);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Line 2", result.Error, StringComparison.Ordinal);
            Assert.Equal(before, await TableSnapshot.DescribeAsync(host.Storage.Profiles.All, "Accounts"));
            Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.Interactions.All));
            Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.Cursors));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Serve_refuses_two_sources_at_once()
    {
        var result = await SwayCli.RunAsync(Storage(SwayTestHost.NewPrefix()), "serve", "--demo", "--replay", typeof(CliTests).Assembly.Location);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Choose one source", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_setting_stops_the_start_up_with_its_name()
    {
        var environment = new Dictionary<string, string>(Storage(SwayTestHost.NewPrefix())) { ["Schedules__Pull"] = "every five minutes" };

        var result = await SwayCli.RunAsync(environment, "score", "demo", "quiet_otter_1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Schedules:Pull", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_without_a_key_setting_prints_a_generated_key_once_before_it_says_it_listens()
    {
        await using var sway = SwayProcess.Start(Storage(SwayTestHost.NewPrefix()), "serve", "--port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));
        await sway.WaitForOutputAsync(line => line.Contains("listening", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        const string Intro = "API key for the management routes (send it as x-functions-key): ";
        var line = Assert.Single(sway.Output.Split(Environment.NewLine), l => l.Contains("API key", StringComparison.Ordinal));
        Assert.StartsWith(Intro, line, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", line[Intro.Length..]); // 32 random bytes, base64url
    }

    [Fact]
    public async Task Serve_with_a_key_setting_prints_no_key()
    {
        var environment = new Dictionary<string, string>(Storage(SwayTestHost.NewPrefix())) { ["Api__Key"] = "a-key-of-the-operator-0123456789" };
        await using var sway = SwayProcess.Start(environment, "serve", "--port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));
        await sway.WaitForOutputAsync(line => line.Contains("listening", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        Assert.DoesNotContain("API key", sway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("a-key-of-the-operator", sway.Output + sway.Error, StringComparison.Ordinal);
    }


    private Dictionary<string, string> Storage(string prefix) => new()
    {
        ["SwayStorage"] = azurite.ConnectionString,
        ["Storage__NamePrefix"] = prefix,
    };
}
