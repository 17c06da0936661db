using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>
/// R5: a built-in descriptor's <see cref="ProviderDescriptor.CheckFields"/>, which is what <c>Store.Connect</c> is given,
/// refuses exactly what the built-in adapter's <see cref="IIntegrationProvider.ValidateSetup"/> refuses: the formats are
/// declared on the fields, not hidden in the adapters.
/// </summary>
[Trait("Rule", "R5")]
public sealed class SetupFormatParityTests
{
    /// <summary>A valid setup of the provider with one field's text replaced by a malformed one: key, field, text.</summary>
    public static TheoryData<string, string, string> Malformed { get; } = new()
    {
        { "razorpay", "key-id", "rzp_live_123" },
        { "razorpay", "key-id", "rzp_prod_1DP5mmOlF5G5ag" },
        { "razorpay", "key-id", "rzp_test_1DP5mmOlF5G5a!" },
        { "razorpay", "key-id", " rzp_test_1DP5mmOlF5G5ag" },
        { "razorpay", "key-id", "rzp_test_1DP5mmOlF5G5ag " },
        { "razorpay", "key-secret", "x" },
        { "razorpay", "key-secret", "kSecret0123456" },
        { "razorpay", "key-secret", "kSecret-0123456789abcd" },
        { "razorpay", "key-secret", "kSecret0123456789abcd\n" },
        { "shiprocket", "api-user-email", "api-user.example.com" },
        { "shiprocket", "api-user-email", "api user@example.com" },
        { "shiprocket", "api-user-email", "api-user@localhost" },
        { "shiprocket", "api-user-email", " api-user@example.com" },
        { "wati", "api-endpoint", "http://live-server-1234.wati.io" },
        { "wati", "api-endpoint", "https://user:pass@live-server-1234.wati.io" },
        { "wati", "api-endpoint", "live-server-1234.wati.io" },
        { "wati", "api-endpoint", "https://live-server-1234.wati.io " },
        { "wati", "access-token", "short-token" },
        { "wati", "access-token", "Bearer short-token" },
        { "wati", "access-token", " watiAccessToken0123456789" },
        { "google-analytics", "measurement-id", "UA-123456-1" },
        { "google-analytics", "measurement-id", "G-abc123xyz9" },
        { "google-analytics", "measurement-id", "G-ABC" },
        { "google-analytics", "api-secret", "tooShort" },
        { "google-analytics", "api-secret", "has spaces in it 0123456789" },
        { "meta-pixel", "pixel-id", "12345678901234" },
        { "meta-pixel", "pixel-id", "12345678901234567" },
        { "meta-pixel", "pixel-id", "12345678901234a" },
        { "meta-pixel", "pixel-id", "１２３４５６７８９０１２３４５" },
        { "meta-pixel", "pixel-id", "123456789012345 " },
        { "meta-pixel", "conversions-api-token", "EABmetaConversionsToken0123" },
        { "meta-pixel", "conversions-api-token", "EAAshort" },
        { "amazon-seller-central", "seller-id", "a2euq1wtgctbg2" },
        { "amazon-seller-central", "seller-id", "B2EUQ1WTGCTBG2" },
        { "amazon-seller-central", "marketplace-id", "A12345678" },
        { "amazon-seller-central", "refresh-token", "Atzr|short" },
        { "amazon-seller-central", "refresh-token", "Atzx|amazonRefreshToken0123456789" },
    };

    /// <summary>Texts that both paths accept, including the edges of each format: key, field, text.</summary>
    public static TheoryData<string, string, string> WellFormed { get; } = new()
    {
        { "razorpay", "key-id", "rzp_live_ILgsfZCZoFIKMb" },
        { "razorpay", "key-secret", new string('k', 16) },
        { "razorpay", "key-secret", new string('k', 64) },
        { "razorpay", "webhook-secret", " a webhook secret the merchant chose, spaces and all " },
        { "shiprocket", "api-user-password", " p@ss word " },
        { "wati", "api-endpoint", "https://live-server-1234.wati.io/api/v1" },
        { "wati", "access-token", "Bearer watiAccessToken0123456789" },
        { "google-analytics", "measurement-id", "G-ABCD" },
        { "meta-pixel", "pixel-id", "1234567890123456" },
        { "amazon-seller-central", "marketplace-id", "A1F83G8C2ARO7P" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void R5_CheckFieldsAndValidateSetup_MalformedValue_BothRefuseTheSameFieldWithoutQuotingIt(string key, string field, string text)
    {
        var (descriptor, adapter, valid) = BuiltIn(key);
        var setup = valid.WithText(descriptor, field, text);

        var checkedByDescriptor = descriptor.CheckFields(setup);
        var checkedByAdapter = adapter.ValidateSetup(setup);

        Assert.False(checkedByDescriptor.IsValid);
        Assert.False(checkedByAdapter.IsValid);
        Assert.Equal([field], checkedByDescriptor.Errors.Select(e => e.Field));
        Assert.Equal(checkedByDescriptor.Errors, checkedByAdapter.Errors);
        Assert.DoesNotContain(text.Trim(), checkedByDescriptor.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void R5_CheckFieldsAndValidateSetup_WellFormedValue_BothAccept(string key, string field, string text)
    {
        var (descriptor, adapter, valid) = BuiltIn(key);
        var setup = valid.WithText(descriptor, field, text);

        Assert.True(descriptor.CheckFields(setup).IsValid, descriptor.CheckFields(setup).ToString());
        Assert.True(adapter.ValidateSetup(setup).IsValid);
    }

    [Fact]
    public void R5_CheckFieldsAndValidateSetup_EveryBuiltInSetup_BothAccept()
    {
        Assert.All(BuiltInProviders.All, descriptor =>
        {
            var (_, adapter, valid) = BuiltIn(descriptor.Key.Value);
            Assert.True(descriptor.CheckFields(valid).IsValid);
            Assert.True(adapter.ValidateSetup(valid).IsValid);
        });
    }

    [Fact]
    public void R5_Malformed_CoversEveryFieldWithAFormatOfItsOwn()
    {
        var covered = Malformed.Select(row => ((string)row[0], (string)row[1])).ToHashSet();

        var formatted = BuiltInProviders.All
            .SelectMany(d => d.SetupFields.Where(f => f.Format.Kind != SetupFieldFormatKind.Text).Select(f => (d.Key.Value, f.Name)));

        Assert.All(formatted, pair => Assert.Contains(pair, covered));
    }

    private static (ProviderDescriptor Descriptor, IIntegrationProvider Adapter, ProviderSetup Valid) BuiltIn(string key)
    {
        var adapter = BuiltInSetups.Adapters.Single(a => a.Descriptor.Key.Value == key);
        return (adapter.Descriptor, adapter, BuiltInSetups.For(adapter.Descriptor.Key));
    }
}
