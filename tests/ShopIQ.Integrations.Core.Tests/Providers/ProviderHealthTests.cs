using ShopIQ.Integrations.Core.Tests.BadInput;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>What a health check found: healthy, or the reason the app needs attention (R17).</summary>
public sealed class ProviderHealthTests
{
    public static TheoryData<AttentionReason> Reasons => new(Enum.GetValues<AttentionReason>());

    [Fact]
    public void Healthy_IsHealthy_HasNoProblem()
    {
        Assert.True(ProviderHealth.Healthy.IsHealthy);
        Assert.Null(ProviderHealth.Healthy.Problem);
        Assert.Equal("healthy", ProviderHealth.Healthy.ToString());
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void R17_NeedsAttention_Reason_IsUnhealthyWithThatProblem(AttentionReason reason)
    {
        var health = ProviderHealth.NeedsAttention(reason);

        Assert.False(health.IsHealthy);
        Assert.Equal(reason, health.Problem);
        Assert.Equal($"needs attention: {reason}", health.ToString());
        Assert.Equal(ProviderHealth.NeedsAttention(reason), health);
        Assert.NotEqual(ProviderHealth.Healthy, health);
    }

    [Fact]
    public void NeedsAttention_DifferentReasons_AreNotEqual() =>
        Assert.NotEqual(ProviderHealth.NeedsAttention(AttentionReason.CredentialsExpired), ProviderHealth.NeedsAttention(AttentionReason.CredentialsRevoked));

    [Theory]
    [InlineData(-1)]
    [InlineData(99)]
    public void NeedsAttention_UndefinedReason_ThrowsArgumentOutOfRangeExceptionNamingReason(int undefined) =>
        BadInputAssert.Throws<ArgumentOutOfRangeException>("reason", () => ProviderHealth.NeedsAttention((AttentionReason)undefined), $"{undefined}", nameof(AttentionReason));
}
