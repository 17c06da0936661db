using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Impact;

/// <summary>
/// A refused acknowledgement token tells the caller why, and that the merchant must look at the impact again (R8); the
/// limits it is refused at are exact.
/// </summary>
public sealed class AcknowledgementTokenWordingTests
{
    private static readonly Duration Lifetime = Duration.FromMinutes(15);
    private static readonly Instant Now = StoreFixture.Start;
    private static readonly AcknowledgementTokens Tokens = new(Enumerable.Range(0, AcknowledgementTokens.MinimumKeyLength).Select(i => (byte)i).ToArray(), Lifetime);

    [Theory]
    [InlineData("", "The acknowledgement token is empty: assess the impact again.")]
    [InlineData("nope", "The acknowledgement token does not start with 'ack1.': assess the impact again.")]
    [InlineData("ack1.AAAA", "The acknowledgement token is not a payload and a MAC in URL-safe base64: assess the impact again.")]
    public void R8_Read_MalformedToken_SaysWhatIsWrongAndToAssessAgain(string token, string message)
    {
        var read = Tokens.Read(token, Now);

        Assert.Equal(AcknowledgementTokenProblem.Malformed, read.Problem);
        Assert.Equal(message, read.Message);
    }

    [Fact]
    public void R8_Read_TokenAtTheLengthLimit_IsReadAndOneLongerIsRefusedForItsLength()
    {
        var atLimit = "ack1." + new string('A', 8192 - 5);
        var overLimit = atLimit + "A";

        Assert.Equal("The acknowledgement token is not a payload and a MAC in URL-safe base64: assess the impact again.", Tokens.Read(atLimit, Now).Message);
        Assert.Equal("The acknowledgement token is longer than 8192 characters: assess the impact again.", Tokens.Read(overLimit, Now).Message);
    }

    [Fact]
    public void R8_Read_ExpiredOrEarlyToken_SaysWhen()
    {
        var token = Tokens.Issue(Acknowledgement(), Now);

        var expired = Tokens.Read(token, Now + Lifetime);
        var early = Tokens.Read(token, Now - AcknowledgementTokens.ClockSkew - Duration.Epsilon);

        Assert.Equal($"The acknowledgement token expired at {Now + Lifetime}: assess the impact again.", expired.Message);
        Assert.Equal(AcknowledgementTokenProblem.NotYetValid, early.Problem);
        Assert.Equal(
            $"The acknowledgement token says it was issued at {Now}, after now ({Now - AcknowledgementTokens.ClockSkew - Duration.Epsilon}): the issuing instance's clock is ahead.",
            early.Message);
        Assert.True(Tokens.Read(token, Now - AcknowledgementTokens.ClockSkew).IsValid);
    }

    [Fact]
    public void R8_Read_ForgedToken_SaysToAssessAgain()
    {
        var other = new AcknowledgementTokens(Enumerable.Range(1, AcknowledgementTokens.MinimumKeyLength).Select(i => (byte)i).ToArray(), Lifetime);

        var read = Tokens.Read(other.Issue(Acknowledgement(), Now), Now);

        Assert.Equal(AcknowledgementTokenProblem.Forged, read.Problem);
        Assert.Equal("The acknowledgement token was not issued with this service's key, or was altered: assess the impact again.", read.Message);
    }

    [Fact]
    public void R8_Constructor_ShortKey_SaysHowLongAKeyMustBe()
    {
        var error = Assert.Throws<ArgumentException>("key", () => new AcknowledgementTokens(new byte[31], Lifetime));

        Assert.StartsWith("The key has 31 bytes; an acknowledgement key needs at least 32.", error.Message, StringComparison.Ordinal);
        Assert.Equal(Lifetime, new AcknowledgementTokens(new byte[32], Lifetime).Lifetime);
    }

    private static ImpactAcknowledgement Acknowledgement()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));
        return assessment.Acknowledge();
    }
}
