using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sway.Domain;
using Sway.Scoring;

namespace Sway.Tests.Unit;

/// <summary>Model versions are data shipped with Core: each loads, 1.0 keeps its numbers, and the pipeline's version is a checked setting.</summary>
public sealed class ScoreModelsTests
{
    [Fact]
    public void Version_1_0_is_shipped_as_data_with_the_weights_it_was_calibrated_with()
    {
        var model = ScoreModels.Get("1.0");

        Assert.Equal("1.0", model.Version);
        Assert.Equal(
            [3.0, 3.0, 2.0, 1.5, 0.5],
            new[] { InteractionType.Reply, InteractionType.Quote, InteractionType.Repost, InteractionType.Mention, InteractionType.Like }.Select(model.WeightOf));
        Assert.Equal((TimeSpan.FromDays(21), TimeSpan.FromDays(90), 6.0), (model.HalfLife, model.Window, model.ReactorSaturation));
        Assert.Equal(new ScoreCalibration(3.4, 0.8), model.Calibration);
        Assert.Same(model, ScoreModel.V1);
    }

    [Fact]
    public void Every_shipped_version_loads_under_its_own_name()
    {
        Assert.Contains("1.0", ScoreModels.Versions);
        Assert.All(ScoreModels.Versions, v => Assert.Equal(v, ScoreModels.Get(v).Version));
    }

    [Fact]
    public void An_unknown_model_version_is_refused_naming_the_shipped_ones()
    {
        Assert.False(ScoreModels.TryGet("0.9", out _));
        var error = Assert.Throws<ArgumentException>(() => ScoreModels.Get("0.9"));
        Assert.Contains("1.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pipeline_scores_with_the_configured_version_and_refuses_an_unknown_one_at_start_up()
    {
        using var configured = Services(("Scoring:ModelVersion", "1.0"));
        using var unknown = Services(("Scoring:ModelVersion", "3.7"));

        Assert.Equal("1.0", configured.GetRequiredService<ScoreModel>().Version);
        var error = Assert.Throws<OptionsValidationException>(() => unknown.GetRequiredService<IOptions<ScoringOptions>>().Value);
        Assert.Contains("Scoring:ModelVersion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_standings_refresh_is_refused_at_start_up()
    {
        using var negative = Services(("Scoring:StandingsRefresh", "-00:01:00"));

        var error = Assert.Throws<OptionsValidationException>(() => negative.GetRequiredService<IOptions<ScoringOptions>>().Value);
        Assert.Contains("Scoring:StandingsRefresh", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)).Append(KeyValuePair.Create("SwayStorage", (string?)"UseDevelopmentStorage=true")))
            .Build();
        return new ServiceCollection().AddLogging().AddSwayCore(configuration).BuildServiceProvider();
    }
}
