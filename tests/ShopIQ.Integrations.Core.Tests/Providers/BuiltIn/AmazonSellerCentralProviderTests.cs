using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers.BuiltIn;

/// <summary>The Amazon Seller Central adapter: seller and marketplace ids (A + 9 to 20 capitals or digits) and an <c>Atzr|</c> refresh token (R5).</summary>
public sealed class AmazonSellerCentralProviderTests : BuiltInAdapterContract<AmazonSellerCentralProvider>
{
    private const string RefreshToken = "Atzr|IwEBIA-xyz_123.abcDEF~456!ghiJKL";

    public static TheoryData<string, string> ValidTexts => new()
    {
        { "seller-id", "A1B2C3D4E5" },
        { "seller-id", "A3NBHQ3BQ4XWFX" },
        { "seller-id", "A" + new string('Z', 20) },

        // Marketplace ids as Amazon lists them: .com, .co.uk, .in, .it, .com.be, .co.za, .eg, .co.jp.
        { "marketplace-id", "ATVPDKIKX0DER" },
        { "marketplace-id", "A1F83G8C2ARO7P" },
        { "marketplace-id", "A21TJRUUN4KGV" },
        { "marketplace-id", "APJ6JRA9NG5V4" },
        { "marketplace-id", "AMEN7PMS3EDWL" },
        { "marketplace-id", "AE08WJ6YKNBMC" },
        { "marketplace-id", "ARBP9OOSHTCHU" },
        { "marketplace-id", "A1VC38T7YXB528" },
        { "refresh-token", RefreshToken },
        { "refresh-token", "Atzr|" + new string('t', 20) },
    };

    public static TheoryData<string, string> BadFormats => new()
    {
        { "seller-id", "a3nbhq3bq4xwfx" },
        { "seller-id", "A3NBHQ3BQ4XWFx" },
        { "seller-id", "B3NBHQ3BQ4XWFX" },
        { "seller-id", "A3NBHQ3BQ" },
        { "seller-id", "A" + new string('Z', 21) },
        { "seller-id", "A3NBHQ3-BQ4XWFX" },
        { "seller-id", "amzn1.account.A3NBHQ3BQ4XWFX" },
        { "marketplace-id", "amazon.in" },
        { "marketplace-id", "IN" },
        { "marketplace-id", "A21TJRUUN4KGv" },
        { "marketplace-id", "A21TJRUUN4 KGV" },
        { "refresh-token", "Atza|IwEBIA-xyz_123.abcDEF~456!ghiJKL" },
        { "refresh-token", "atzr|IwEBIA-xyz_123.abcDEF~456!ghiJKL" },
        { "refresh-token", "Atzr|" + new string('t', 19) },
        { "refresh-token", "Atzr|IwEBIA xyz 123 abcDEF 456 ghiJKL" },
        { "refresh-token", "IwEBIA-xyz_123.abcDEF~456!ghiJKL" },
    };

    protected override ProviderSetup ValidSetup => BuiltInSetups.AmazonSellerCentral;

    protected override string ExpectedKey => "amazon-seller-central";

    protected override ProviderCategory ExpectedCategory => ProviderCategory.Marketplace;

    protected override IReadOnlyList<CommerceWorkflow> ExpectedWorkflows => [CommerceWorkflow.MarketplaceCommerceData];

    protected override IReadOnlyList<(string Name, bool IsSecret, bool IsRequired)> ExpectedFields =>
    [
        ("seller-id", false, true),
        ("marketplace-id", false, true),
        ("refresh-token", true, true),
    ];

    [Theory]
    [MemberData(nameof(ValidTexts))]
    public void R5_ValidateSetup_ValidText_IsValid(string field, string text) => AssertValidWith(field, text);

    [Theory]
    [MemberData(nameof(BadFormats))]
    public void R5_ValidateSetup_BadFormat_RefusesOnlyThatFieldWithOneReason(string field, string text) => AssertOnlyFieldRefusedWith(field, text);
}
