using Sway.Webhooks;

namespace Sway.Tests.Unit;

/// <summary>Standard Webhooks signing: the specification's known answer, and a verifier that refuses what it must.</summary>
public sealed class WebhookSignatureTests
{
    // The Standard Webhooks specification's published test vector.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string VectorBody = """{"test": 2432232314}""";
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    private static WebhookSecret Secret => WebhookSecret.Parse(VectorSecret);

    [Fact]
    public void Signing_reproduces_the_Standard_Webhooks_known_answer()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(VectorId, VectorTime, VectorBody, [Secret]));
    }

    [Fact]
    public void A_delivery_signed_with_the_secret_verifies()
    {
        var header = WebhookSignature.Sign(VectorId, VectorTime, VectorBody, [Secret]);

        Assert.True(WebhookSignature.Verify(VectorId, "1614265330", header, VectorBody, Secret, VectorTime.AddMinutes(4)));
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var header = WebhookSignature.Sign(VectorId, VectorTime, VectorBody, [Secret]);

        Assert.False(WebhookSignature.Verify(VectorId, "1614265330", header, """{"test": 2432232315}""", Secret, VectorTime));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var header = WebhookSignature.Sign(VectorId, VectorTime, VectorBody, [WebhookSecret.Generate()]);

        Assert.False(WebhookSignature.Verify(VectorId, "1614265330", header, VectorBody, Secret, VectorTime));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_more_than_five_minutes_off_is_refused(int offsetSeconds)
    {
        var header = WebhookSignature.Sign(VectorId, VectorTime, VectorBody, [Secret]);

        Assert.False(WebhookSignature.Verify(VectorId, "1614265330", header, VectorBody, Secret, VectorTime.AddSeconds(offsetSeconds)));
    }

    [Theory]
    [InlineData(null, "1614265330", true)]
    [InlineData(VectorId, null, true)]
    [InlineData(VectorId, "1614265330", false)]
    [InlineData(VectorId, "not-a-time", true)]
    public void A_delivery_missing_a_header_is_refused(string? id, string? timestamp, bool withSignature)
    {
        var header = withSignature ? WebhookSignature.Sign(VectorId, VectorTime, VectorBody, [Secret]) : null;

        Assert.False(WebhookSignature.Verify(id, timestamp, header, VectorBody, Secret, VectorTime));
    }

    [Fact]
    public void A_header_listing_several_signatures_verifies_when_one_of_them_is_valid()
    {
        var header = WebhookSignature.Sign(VectorId, VectorTime, VectorBody, [WebhookSecret.Generate(), Secret]);

        Assert.Equal(2, header.Split(' ').Length);
        Assert.True(WebhookSignature.Verify(VectorId, "1614265330", "v2,abc " + header, VectorBody, Secret, VectorTime));
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_AAAA")]
    public void A_secret_not_of_the_whsec_form_is_refused(string text)
    {
        Assert.False(WebhookSecret.TryParse(text, out _, out var error));
        Assert.Contains("whsec_", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_secret_is_whsec_and_never_printed()
    {
        var secret = WebhookSecret.Generate();

        Assert.StartsWith("whsec_", secret.Text, StringComparison.Ordinal);
        Assert.True(WebhookSecret.TryParse(secret.Text, out _, out _));
        Assert.DoesNotContain(secret.Text[6..], secret.ToString(), StringComparison.Ordinal);
    }
}
