using System.Text;
using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Impact;

/// <summary>
/// Acknowledgement tokens carry an acknowledgement across a request boundary and cannot be made up, altered,
/// replayed after they expire, or read without the key (R8).
/// </summary>
public sealed class AcknowledgementTokensTests
{
    private static readonly Duration Lifetime = Duration.FromMinutes(15);
    private static readonly Instant Now = StoreFixture.Start;

    private static byte[] KeyA => Key(1);

    private static byte[] KeyB => Key(2);

    private static byte[] KeyC => Key(3);

    public static TheoryData<string> MalformedTokens => new()
    {
        string.Empty,
        "garbage",
        "ack1.",
        "ack1..",
        "ack1.AAAA",
        "ack1.AAAA.",
        "ack1..AAAA",
        "ack1.!!!!.????",
        "ack1.AAAA.AAAA.AAAA",
        "ACK1.AAAA.AAAA",
        new string('a', 9000),
    };

    [Fact]
    public void R8_Issue_ThenRead_GivesBackEveryBoundField()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, [BuiltInProviders.Shiprocket.Key], out var assessment));
        var acknowledgement = assessment.Acknowledge();
        var tokens = new AcknowledgementTokens(KeyA, Lifetime);

        var token = tokens.Issue(acknowledgement, Now);
        var read = tokens.Read(token, Now);

        Assert.True(read.IsValid, read.Message);
        Assert.Equal(AcknowledgementTokenProblem.None, read.Problem);
        var back = read.Acknowledgement!;
        Assert.Equal(fixture.Store.Id, back.StoreId);
        Assert.Equal(BuiltInProviders.Razorpay.Key, back.Provider);
        Assert.Equal(fixture.Store.AppsVersion, back.AppsVersion);
        Assert.Equal([CommerceWorkflow.PaymentProcessing], back.WorkflowsThatStop);
        Assert.Equal([BuiltInProviders.Shiprocket.Key], back.AlongWith);
        Assert.True(back.Covers(assessment));
        Assert.StartsWith(AcknowledgementTokens.Prefix, token, StringComparison.Ordinal);
        Assert.Matches("^ack1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void R8_Read_TokenSignedWithAnotherKey_IsForged()
    {
        var token = new AcknowledgementTokens(KeyC, Lifetime).Issue(Acknowledgement(), Now);

        var read = new AcknowledgementTokens(KeyA, Lifetime).Read(token, Now);

        Assert.False(read.IsValid);
        Assert.Equal(AcknowledgementTokenProblem.Forged, read.Problem);
        Assert.Null(read.Acknowledgement);
    }

    [Fact]
    public void R8_Read_EveryPayloadByteFlipped_IsForged()
    {
        var tokens = new AcknowledgementTokens(KeyA, Lifetime);
        var token = tokens.Issue(Acknowledgement(), Now);
        var (payload, mac) = Split(token);

        for (var i = 0; i < payload.Length; i++)
        {
            var altered = (byte[])payload.Clone();
            altered[i] ^= 0x01;
            var read = tokens.Read(Join(altered, mac), Now);
            Assert.True(read.Problem == AcknowledgementTokenProblem.Forged, $"byte {i}: {read.Problem}");
        }
    }

    [Fact]
    public void R8_Read_AppsVersionRewrittenWithTheOriginalMac_IsForged()
    {
        var tokens = new AcknowledgementTokens(KeyA, Lifetime);
        var acknowledgement = Acknowledgement();
        var token = tokens.Issue(acknowledgement, Now);
        var (payload, mac) = Split(token);
        var version = BitConverter.GetBytes(acknowledgement.AppsVersion);
        var at = IndexOf(payload, version);
        Assert.True(at >= 0);
        BitConverter.GetBytes(acknowledgement.AppsVersion + 7).CopyTo(payload, at);

        var read = tokens.Read(Join(payload, mac), Now);

        Assert.Equal(AcknowledgementTokenProblem.Forged, read.Problem);
    }

    [Fact]
    public void R8_Read_OneCharacterOfTheTextChanged_IsRefused()
    {
        var tokens = new AcknowledgementTokens(KeyA, Lifetime);
        var token = tokens.Issue(Acknowledgement(), Now);

        for (var i = AcknowledgementTokens.Prefix.Length; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var altered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            var read = tokens.Read(altered, Now);
            Assert.False(read.IsValid, $"character {i}");
            Assert.Contains(read.Problem, new[] { AcknowledgementTokenProblem.Forged, AcknowledgementTokenProblem.Malformed });
        }
    }

    [Fact]
    public void R8_Read_AtTheEndOfItsLifetime_IsExpired()
    {
        var tokens = new AcknowledgementTokens(KeyA, Lifetime);
        var token = tokens.Issue(Acknowledgement(), Now);

        var lastMoment = tokens.Read(token, Now + Lifetime - Duration.Epsilon);
        var expired = tokens.Read(token, Now + Lifetime);

        Assert.True(lastMoment.IsValid, lastMoment.Message);
        Assert.Equal(AcknowledgementTokenProblem.Expired, expired.Problem);
        Assert.Null(expired.Acknowledgement);
        Assert.Contains("expired", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R8_Read_IssuedBeyondTheClockSkewInTheFuture_IsNotYetValid()
    {
        var tokens = new AcknowledgementTokens(KeyA, Lifetime);

        var withinSkew = tokens.Read(tokens.Issue(Acknowledgement(), Now + AcknowledgementTokens.ClockSkew), Now);
        var beyondSkew = tokens.Read(tokens.Issue(Acknowledgement(), Now + AcknowledgementTokens.ClockSkew + Duration.FromTicks(1)), Now);

        Assert.True(withinSkew.IsValid, withinSkew.Message);
        Assert.Equal(AcknowledgementTokenProblem.NotYetValid, beyondSkew.Problem);
    }

    [Fact]
    public void R8_Read_AfterRotation_TokenOfThePreviousKeyIsAccepted()
    {
        var before = new AcknowledgementTokens(KeyA, Lifetime);
        var token = before.Issue(Acknowledgement(), Now);
        var rotated = new AcknowledgementTokens(KeyB, KeyA, Lifetime);

        var read = rotated.Read(token, Now);

        Assert.True(read.IsValid, read.Message);
    }

    [Fact]
    public void R8_Read_AfterRotation_TokenOfAnUnknownKeyIsForged()
    {
        var token = new AcknowledgementTokens(KeyC, Lifetime).Issue(Acknowledgement(), Now);
        var rotated = new AcknowledgementTokens(KeyB, KeyA, Lifetime);

        Assert.Equal(AcknowledgementTokenProblem.Forged, rotated.Read(token, Now).Problem);
    }

    [Fact]
    public void R8_Issue_DuringRotation_SignsWithTheCurrentKey()
    {
        var token = new AcknowledgementTokens(KeyB, KeyA, Lifetime).Issue(Acknowledgement(), Now);

        Assert.True(new AcknowledgementTokens(KeyB, Lifetime).Read(token, Now).IsValid);
        Assert.Equal(AcknowledgementTokenProblem.Forged, new AcknowledgementTokens(KeyA, Lifetime).Read(token, Now).Problem);
    }

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public void R8_Read_NotAToken_IsMalformed(string text)
    {
        var read = new AcknowledgementTokens(KeyA, Lifetime).Read(text, Now);

        Assert.Equal(AcknowledgementTokenProblem.Malformed, read.Problem);
        Assert.Null(read.Acknowledgement);
        Assert.DoesNotContain(text.Length > 20 ? text : "never", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R8_Read_WrongPrefixOrCutShort_IsMalformed()
    {
        var tokens = new AcknowledgementTokens(KeyA, Lifetime);
        var token = tokens.Issue(Acknowledgement(), Now);

        Assert.Equal(AcknowledgementTokenProblem.Malformed, tokens.Read("ack2." + token[AcknowledgementTokens.Prefix.Length..], Now).Problem);
        Assert.Equal(AcknowledgementTokenProblem.Malformed, tokens.Read(token[..^1], Now).Problem);
        Assert.Equal(AcknowledgementTokenProblem.Malformed, tokens.Read(token[..token.LastIndexOf('.')], Now).Problem);
        Assert.Equal(AcknowledgementTokenProblem.Malformed, tokens.Read(token + "=", Now).Problem);
        Assert.Equal(AcknowledgementTokenProblem.Malformed, tokens.Read(" " + token, Now).Problem);
    }

    [Fact]
    public void R8_Token_HoldsNoSetupValue()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        Assert.Equal(OutcomeStatus.Connected, fixture.Store.Connect(BuiltInProviders.Razorpay, BuiltInProviders.Razorpay.CheckFields(BuiltInSetups.Razorpay), StoreFixture.Merchant).Status);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        var token = new AcknowledgementTokens(KeyA, Lifetime).Issue(assessment.Acknowledge(), Now);

        var (payload, mac) = Split(token);
        var decoded = Encoding.UTF8.GetString([.. payload, .. mac]);
        foreach (var secret in BuiltInSetups.Secrets.Append("rzp_test_1DP5mmOlF5G5ag"))
        {
            Assert.DoesNotContain(secret, decoded, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, token, StringComparison.Ordinal);
        }

        Assert.Contains("razorpay", decoded, StringComparison.Ordinal);
    }

    [Fact]
    public void AcknowledgementTokens_Constructor_ChecksKeysAndLifetime()
    {
        Assert.Throws<ArgumentNullException>("key", () => new AcknowledgementTokens(null!, Lifetime));
        Assert.Throws<ArgumentNullException>("previousKey", () => new AcknowledgementTokens(KeyA, null!, Lifetime));
        Assert.Throws<ArgumentException>("key", () => new AcknowledgementTokens(new byte[AcknowledgementTokens.MinimumKeyLength - 1], Lifetime));
        Assert.Throws<ArgumentException>("previousKey", () => new AcknowledgementTokens(KeyA, new byte[AcknowledgementTokens.MinimumKeyLength - 1], Lifetime));
        Assert.Throws<ArgumentOutOfRangeException>("lifetime", () => new AcknowledgementTokens(KeyA, Duration.Zero));
        Assert.Throws<ArgumentOutOfRangeException>("lifetime", () => new AcknowledgementTokens(KeyA, AcknowledgementTokens.MaximumLifetime + Duration.Epsilon));
        Assert.Equal(AcknowledgementTokens.MaximumLifetime, new AcknowledgementTokens(KeyA, AcknowledgementTokens.MaximumLifetime).Lifetime);
        Assert.Throws<ArgumentNullException>("token", () => new AcknowledgementTokens(KeyA, Lifetime).Read(null!, Now));
        Assert.Throws<ArgumentNullException>("acknowledgement", () => new AcknowledgementTokens(KeyA, Lifetime).Issue(null!, Now));
    }

    [Fact]
    public void AcknowledgementTokens_KeyChangedByTheCallerAfterwards_KeepsSigningWithTheKeyGiven()
    {
        var key = KeyA;
        var tokens = new AcknowledgementTokens(key, Lifetime);
        key[0] ^= 0xFF;

        var token = tokens.Issue(Acknowledgement(), Now);

        Assert.True(new AcknowledgementTokens(KeyA, Lifetime).Read(token, Now).IsValid);
    }

    private static ImpactAcknowledgement Acknowledgement()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));
        return assessment.Acknowledge();
    }

    private static byte[] Key(byte seed) => Enumerable.Range(0, 32).Select(i => (byte)(seed * 31 + i)).ToArray();

    private static (byte[] Payload, byte[] Mac) Split(string token)
    {
        var parts = token[AcknowledgementTokens.Prefix.Length..].Split('.');
        return (FromBase64Url(parts[0]), FromBase64Url(parts[1]));
    }

    private static string Join(byte[] payload, byte[] mac) => AcknowledgementTokens.Prefix + ToBase64Url(payload) + "." + ToBase64Url(mac);

    private static byte[] FromBase64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4));

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
