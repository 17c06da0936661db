using ShopIQ.Integrations.Core.Tests.BadInput;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>What a provider answered to a connect or disconnect: success, or a refusal with a clean reason.</summary>
public sealed class ProviderCallResultTests
{
    /// <summary>Reasons an adapter may pass on from its provider, and what the refusal keeps: cleaned text, never an exception.</summary>
    public static TheoryData<string, string> UncleanReasons => new()
    {
        { "", "No reason was given." },
        { " \t ", "No reason was given." },
        { "\u200B\u202E", "No reason was given." },
        { "Wrong key\u0000", "Wrong key" },
        { "Wrong key\r\nX-Injected: 1", "Wrong key  X-Injected: 1" },
        { "Suspended \uD83D\uDE00", "Suspended \uD83D\uDE00" },
        { "Suspended\u2028by\u2029Amazon", "Suspended by Amazon" },
        { "Sus\u202Epended\uFEFF", "Suspended" },
        { new string('r', SetupFieldError.MaxReasonLength + 1), new string('r', SetupFieldError.MaxReasonLength - 1) + "\u2026" },
        { new string('r', SetupFieldError.MaxReasonLength - 2) + "\uD83D\uDE00r", new string('r', SetupFieldError.MaxReasonLength - 2) + "\u2026" },
        { new string('r', SetupFieldError.MaxReasonLength - 2) + "\uD83D\uDE00", new string('r', SetupFieldError.MaxReasonLength - 2) + "\uD83D\uDE00" },
    };

    [Fact]
    public void Success_Succeeded_HasNoReason()
    {
        Assert.True(ProviderCallResult.Success.Succeeded);
        Assert.Null(ProviderCallResult.Success.Reason);
        Assert.Equal("succeeded", ProviderCallResult.Success.ToString());
    }

    [Fact]
    public void Refused_Reason_IsKeptAndShown()
    {
        var refused = ProviderCallResult.Refused("The key id and key secret do not match.");

        Assert.False(refused.Succeeded);
        Assert.Equal("The key id and key secret do not match.", refused.Reason);
        Assert.Equal("refused: The key id and key secret do not match.", refused.ToString());
    }

    [Fact]
    public void Refused_ReasonOfExactlyTheLimit_IsAccepted()
    {
        var reason = new string('r', SetupFieldError.MaxReasonLength);

        Assert.Equal(reason, ProviderCallResult.Refused(reason).Reason);
    }

    [Fact]
    public void Equality_IsByOutcomeAndReason()
    {
        Assert.Equal(ProviderCallResult.Refused("Revoked."), ProviderCallResult.Refused("Revoked."));
        Assert.NotEqual(ProviderCallResult.Refused("Revoked."), ProviderCallResult.Refused("Expired."));
        Assert.NotEqual(ProviderCallResult.Success, ProviderCallResult.Refused("Revoked."));
    }

    [Theory]
    [MemberData(nameof(UncleanReasons))]
    public void Refused_UncleanReason_IsCleanedAndCutNotRefused(string reason, string cleaned)
    {
        var refused = ProviderCallResult.Refused(reason);

        Assert.False(refused.Succeeded);
        Assert.Equal(cleaned, refused.Reason);
        Assert.False(Properties.TextOracle.MustRefuse(refused.Reason!));
        Assert.InRange(refused.Reason!.Length, 1, SetupFieldError.MaxReasonLength);
        Assert.Equal(refused, ProviderCallResult.Refused(refused.Reason));
    }

    /// <summary>A fact, not theory data: xunit passes theory data through UTF-8, which turns a lone surrogate into U+FFFD.</summary>
    [Fact]
    public void Refused_ReasonWithHalfASurrogatePair_KeepsTheReplacementCharacterInstead()
    {
        Assert.Equal("Amazon said: account suspended \uFFFD", ProviderCallResult.Refused("Amazon said: account suspended \uD83D").Reason);
        Assert.Equal("\uFFFD suspended", ProviderCallResult.Refused("\uDE00 suspended").Reason);
        Assert.Equal("\uFFFD\uFFFD", ProviderCallResult.Refused("\uDE00\uD83D").Reason);
    }

    [Fact]
    public void Equality_IsByTheCleanedReason()
    {
        var a = ProviderCallResult.Refused("Revoked\u200B.");
        var b = ProviderCallResult.Refused("Revoked.");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Refused_NullReason_ThrowsArgumentNullException() =>
        BadInputAssert.Throws<ArgumentNullException>("reason", () => ProviderCallResult.Refused(null!));
}
