using Sway.Scoring;

namespace Sway.Tests.Unit;

/// <summary>The body of a score-requests queue message: parsed strictly, anything malformed refused with a reason.</summary>
public sealed class ScoreRequestTests
{
    [Theory]
    [InlineData("higgs-88", ScoreRequestReason.Activity)]
    [InlineData("demo-d1", ScoreRequestReason.Nightly)]
    [InlineData("a", ScoreRequestReason.Manual)]
    public void TryParse_reads_back_what_ToJson_wrote(string profileId, ScoreRequestReason reason)
    {
        var request = new ScoreRequest(profileId, reason);

        var ok = ScoreRequest.TryParse(request.ToJson(), out var parsed, out var error);

        Assert.True(ok, error);
        Assert.Equal(request, parsed);
    }

    [Fact]
    public void TryParse_reads_camel_case_property_and_reason_names()
    {
        Assert.True(ScoreRequest.TryParse("""{"profileId":"higgs-88","reason":"nightly"}""", out var request, out _));
        Assert.Equal(new ScoreRequest("higgs-88", ScoreRequestReason.Nightly), request);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("\"higgs-88\"")]
    [InlineData("""{"profileId":42}""")]
    [InlineData("""{"profileId":"higgs-88","reason":"whenever"}""")]
    public void TryParse_rejects_a_body_that_is_not_a_score_request(string body)
    {
        var ok = ScoreRequest.TryParse(body, out var request, out var error);

        Assert.False(ok);
        Assert.Null(request);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"reason":"manual"}""")]
    [InlineData("""{"profileId":null}""")]
    public void TryParse_rejects_a_request_without_a_profile_id(string body)
    {
        Assert.False(ScoreRequest.TryParse(body, out var request, out var error));
        Assert.Null(request);
        Assert.Contains("profileId", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Higgs-88")]
    [InlineData("-higgs")]
    [InlineData("higgs/88")]
    [InlineData("higgs 88")]
    [InlineData("higgs-88\n")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_rejects_an_invalid_profile_id(string profileId)
    {
        var body = new ScoreRequest(profileId, ScoreRequestReason.Manual).ToJson();

        Assert.False(ScoreRequest.TryParse(body, out var request, out var error));
        Assert.Null(request);
        Assert.Contains("profileId", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_reads_back_a_request_for_many_profiles_in_their_order()
    {
        var request = new ScoreRequest([.. Enumerable.Range(0, ScoreRequest.MaxProfiles).Select(i => $"higgs-{i}")], ScoreRequestReason.Nightly);

        Assert.True(ScoreRequest.TryParse(request.ToJson(), out var parsed, out var error), error);
        Assert.Equal(request.ProfileIds, parsed.ProfileIds);
        Assert.Equal(request, parsed);
    }

    [Theory]
    [InlineData("""{"profileIds":[],"reason":"manual"}""")]
    [InlineData("""{"profileIds":["higgs-1","Not/Valid"],"reason":"manual"}""")]
    [InlineData("""{"profileIds":["higgs-1",null],"reason":"manual"}""")]
    public void TryParse_rejects_a_request_with_no_ids_or_an_invalid_one(string body)
    {
        Assert.False(ScoreRequest.TryParse(body, out var request, out var error));
        Assert.Null(request);
        Assert.Contains("profileIds", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_rejects_a_request_for_more_profiles_than_one_message_carries()
    {
        var ids = string.Join(",", Enumerable.Range(0, ScoreRequest.MaxProfiles + 1).Select(i => $"\"higgs-{i}\""));

        Assert.False(ScoreRequest.TryParse($$"""{"profileIds":[{{ids}}],"reason":"manual"}""", out _, out var error));
        Assert.Contains(ScoreRequest.MaxProfiles.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }
}
