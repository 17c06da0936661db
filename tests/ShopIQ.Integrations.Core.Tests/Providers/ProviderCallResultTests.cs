using ShopIQ.Integrations.Core.Tests.BadInput;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>What a provider answered to a connect or disconnect: success, or a refusal with a clean reason.</summary>
public sealed class ProviderCallResultTests
{
    public static TheoryData<string, string> BadReasons => new()
    {
        { "", "must not be empty" },
        { " \t ", "must not be empty" },
        { "Wrong key\u0000", "'Wrong key\\u0000'" },
        { "Wrong key\r\nX-Injected: 1", "control character" },
        { new string('r', SetupFieldError.MaxReasonLength + 1), $"at most {SetupFieldError.MaxReasonLength}" },
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
    [MemberData(nameof(BadReasons))]
    public void Refused_BadReason_ThrowsArgumentExceptionNamingReason(string reason, string shown) =>
        BadInputAssert.Throws<ArgumentException>("reason", () => ProviderCallResult.Refused(reason), "Provider refusal reason", shown);

    [Fact]
    public void Refused_NullReason_ThrowsArgumentNullException() =>
        BadInputAssert.Throws<ArgumentNullException>("reason", () => ProviderCallResult.Refused(null!));
}
