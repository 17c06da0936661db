namespace ShopIQ.Integrations.Core.Tests.Providers;

/// <summary>What connecting a provider needs, checked before any slot is taken, with a reason per field and no secret shown (R5); availability (R16).</summary>
public sealed class ProviderDescriptorTests
{
    [Fact]
    public void R5_CheckFields_CompleteRazorpaySetup_IsValid()
    {
        var setup = ProviderSetup.Empty
            .With("key-id", "rzp_live_ILgsfZCZoFIKMb")
            .WithSecret("key-secret", new SecretValue("kSecret0123456789abcd"))
            .WithSecret("webhook-secret", new SecretValue("w-secret"));

        var validation = BuiltInProviders.Razorpay.CheckFields(setup);

        Assert.True(validation.IsValid);
        Assert.Empty(validation.Errors);
    }

    [Fact]
    public void R5_CheckFields_OptionalFieldLeftOut_IsValid()
    {
        var setup = ProviderSetup.Empty.With("measurement-id", "G-ABC123XYZ9");

        Assert.True(BuiltInProviders.GoogleAnalytics.CheckFields(setup).IsValid);
    }

    [Fact]
    public void R5_CheckFields_EmptySetup_NamesEveryRequiredField()
    {
        var validation = BuiltInProviders.AmazonSellerCentral.CheckFields(ProviderSetup.Empty);

        Assert.False(validation.IsValid);
        Assert.Equal(["seller-id", "marketplace-id", "refresh-token"], validation.Errors.Select(e => e.Field));
        Assert.All(validation.Errors, e => Assert.Contains("required", e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void R5_CheckFields_SecretGivenAsPlainText_IsRefusedWithoutRepeatingIt()
    {
        const string pasted = "shiprocket-password-Zq9!";
        var setup = ProviderSetup.Empty.With("api-user-email", "ops@store.example").With("api-user-password", pasted);

        var validation = BuiltInProviders.Shiprocket.CheckFields(setup);

        var error = Assert.Single(validation.Errors);
        Assert.Equal("api-user-password", error.Field);
        Assert.Contains("secret", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, validation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void R5_CheckFields_PlainFieldGivenAsSecret_IsRefused()
    {
        var setup = ProviderSetup.Empty
            .WithSecret("api-endpoint", new SecretValue("https://live-server.wati.io/123"))
            .WithSecret("access-token", new SecretValue("watiAccessToken0123456789"));

        var validation = BuiltInProviders.Wati.CheckFields(setup);

        Assert.Equal("api-endpoint", Assert.Single(validation.Errors).Field);
    }

    [Fact]
    public void R5_CheckFields_UndeclaredField_IsRefused()
    {
        var setup = ProviderSetup.Empty.With("pixel-id", "123456789012345").With("pixel-colour", "blue");

        var validation = BuiltInProviders.MetaPixel.CheckFields(setup);

        Assert.Equal("pixel-colour", Assert.Single(validation.Errors).Field);
    }

    [Fact]
    public void R5_ProviderSetup_ToString_RedactsSecrets()
    {
        const string token = "EAAB-conversions-token-771";
        var setup = ProviderSetup.Empty.With("pixel-id", "1234567890").WithSecret("conversions-api-token", new SecretValue(token));

        var text = setup.ToString();

        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.Contains("conversions-api-token=" + SecretValue.Redacted, text, StringComparison.Ordinal);
        Assert.Equal(token, setup.GetSecret("conversions-api-token")?.Reveal());
    }

    [Theory]
    [InlineData("razorpay", ProviderCategory.Payments)]
    [InlineData("shiprocket", ProviderCategory.Logistics)]
    [InlineData("wati", ProviderCategory.WhatsAppMessaging)]
    [InlineData("google-analytics", ProviderCategory.Analytics)]
    [InlineData("meta-pixel", ProviderCategory.Advertising)]
    [InlineData("amazon-seller-central", ProviderCategory.Marketplace)]
    public void R1_BuiltInProviders_ArticleProvider_HasItsCategoryAndIsConnectable(string key, ProviderCategory category)
    {
        var provider = Assert.Single(BuiltInProviders.All, p => p.Key.Value == key);

        Assert.Equal(category, provider.Category);
        Assert.Equal(ProviderAvailability.Available, provider.Availability);
        Assert.True(provider.SupportsSelfServiceDisconnect);
    }

    [Fact]
    public void R16_WithAvailability_Retired_ChangesOnlyTheAvailability()
    {
        var retired = BuiltInProviders.Razorpay.WithAvailability(ProviderAvailability.Retired);

        Assert.Equal(ProviderAvailability.Retired, retired.Availability);
        Assert.Equal(ProviderAvailability.Available, BuiltInProviders.Razorpay.Availability);
        Assert.Equal(BuiltInProviders.Razorpay.Key, retired.Key);
        Assert.Equal(BuiltInProviders.Razorpay.Workflows, retired.Workflows);
        Assert.Equal(BuiltInProviders.Razorpay.SetupFields, retired.SetupFields);
    }
}
