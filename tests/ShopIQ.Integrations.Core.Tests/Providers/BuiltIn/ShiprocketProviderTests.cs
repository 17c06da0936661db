using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers.BuiltIn;

/// <summary>The Shiprocket adapter: API user email and password, both required; only the email has a format (R5).</summary>
public sealed class ShiprocketProviderTests : BuiltInAdapterContract<ShiprocketProvider>
{
    public static TheoryData<string, string> ValidTexts => new()
    {
        { "api-user-email", "ops+api@store.co.in" },
        { "api-user-email", "API.User@Example.COM" },

        // Shiprocket sets the password rules; anything the merchant chose there is passed on.
        { "api-user-password", "correct horse battery staple" },
        { "api-user-password", "p" },
    };

    public static TheoryData<string, string> BadFormats => new()
    {
        { "api-user-email", " api-user@example.com " },
        { "api-user-email", "api-user" },
        { "api-user-email", "mailto:api-user@example.com" },
        { "api-user-email", " api-user@example.com" },
        { "api-user-email", "api-user@" },
        { "api-user-email", "@example.com" },
        { "api-user-email", "api-user@example" },
        { "api-user-email", "api user@example.com" },
        { "api-user-email", "api-user@exa mple.com" },
        { "api-user-email", "api@user@example.com" },
    };

    protected override ProviderSetup ValidSetup => BuiltInSetups.Shiprocket;

    protected override string ExpectedKey => "shiprocket";

    protected override ProviderCategory ExpectedCategory => ProviderCategory.Logistics;

    protected override IReadOnlyList<CommerceWorkflow> ExpectedWorkflows => [CommerceWorkflow.ShipmentCreationAndTracking];

    protected override IReadOnlyList<(string Name, bool IsSecret, bool IsRequired)> ExpectedFields =>
    [
        ("api-user-email", false, true),
        ("api-user-password", true, true),
    ];

    [Theory]
    [MemberData(nameof(ValidTexts))]
    public void R5_ValidateSetup_ValidText_IsValid(string field, string text) => AssertValidWith(field, text);

    [Theory]
    [MemberData(nameof(BadFormats))]
    public void R5_ValidateSetup_BadFormat_RefusesOnlyThatFieldWithOneReason(string field, string text) => AssertOnlyFieldRefusedWith(field, text);
}
