using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>The acknowledgement key settings are checked at start-up, by name, and never repeated in the message.</summary>
public sealed class ConnectedAppsOptionsAcknowledgementKeyTests
{
    private const string Section = "ShopIQ:Integrations";
    private static readonly string Key32 = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly string Key31 = Convert.ToBase64String(Enumerable.Range(0, 31).Select(i => (byte)(i + 7)).ToArray());

    public static TheoryData<string?, string?, TimeSpan, string> BadSettings => new()
    {
        { Key31, null, TimeSpan.FromMinutes(15), "ShopIQ:Integrations:AcknowledgementKey has 31 bytes; it needs at least 32" },
        { string.Empty, null, TimeSpan.FromMinutes(15), "ShopIQ:Integrations:AcknowledgementKey has 0 bytes" },
        { "not base64 at all!", null, TimeSpan.FromMinutes(15), "ShopIQ:Integrations:AcknowledgementKey is not base64 text." },
        { Key32, Key31, TimeSpan.FromMinutes(15), "ShopIQ:Integrations:PreviousAcknowledgementKey has 31 bytes" },
        { Key32, "%%%%", TimeSpan.FromMinutes(15), "ShopIQ:Integrations:PreviousAcknowledgementKey is not base64 text." },
        { null, Key32, TimeSpan.FromMinutes(15), "ShopIQ:Integrations:PreviousAcknowledgementKey is set but ShopIQ:Integrations:AcknowledgementKey is not" },
        { Key32, null, TimeSpan.Zero, "ShopIQ:Integrations:AcknowledgementTokenLifetime must be positive and at most 1.00:00:00" },
        { Key32, null, TimeSpan.FromDays(1) + TimeSpan.FromTicks(1), "ShopIQ:Integrations:AcknowledgementTokenLifetime must be positive and at most 1.00:00:00" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadAcknowledgementSetting_FailsNamingItWithoutRepeatingTheKey(string? key, string? previous, TimeSpan lifetime, string expected)
    {
        var options = ServiceFixture.TestOptions();
        options.AcknowledgementKey = key;
        options.PreviousAcknowledgementKey = previous;
        options.AcknowledgementTokenLifetime = lifetime;

        var result = new ConnectedAppsOptionsValidator(Section).Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
        foreach (var secret in new[] { key, previous }.Where(k => !string.IsNullOrEmpty(k)))
        {
            Assert.DoesNotContain(secret!, failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_NoKey_IsValidAndDefaultsTheLifetimeToFifteenMinutes()
    {
        var options = ServiceFixture.TestOptions();

        var result = new ConnectedAppsOptionsValidator(Section).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Null(options.AcknowledgementKey);
        Assert.Equal(TimeSpan.FromMinutes(15), options.AcknowledgementTokenLifetime);
    }

    [Fact]
    public void Validate_KeysOfThirtyTwoBytesAndALifetimeOfOneDay_AreValid()
    {
        var options = ServiceFixture.TestOptions();
        options.AcknowledgementKey = Key32;
        options.PreviousAcknowledgementKey = Convert.ToBase64String(new byte[64]);
        options.AcknowledgementTokenLifetime = TimeSpan.FromDays(1);

        var result = new ConnectedAppsOptionsValidator(Section).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
