using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers.BuiltIn;

/// <summary>The Meta Pixel adapter: pixel id of 15 or 16 digits, optional Conversions API token starting with <c>EAA</c> (R5).</summary>
public sealed class MetaPixelProviderTests : BuiltInAdapterContract<MetaPixelProvider>
{
    public static TheoryData<string, string> ValidTexts => new()
    {
        { "pixel-id", "123456789012345" },
        { "pixel-id", "1234567890123456" },
        { "conversions-api-token", "EAA" + new string('x', 20) },
        { "conversions-api-token", "EAAGm0PX4ZCpsBAKZCZBvZAa1b2C3d4E5f6G7h8I9j0" },
    };

    public static TheoryData<string, string> BadFormats => new()
    {
        { "pixel-id", " 123456789012345 " },
        { "pixel-id", "12345678901234" },
        { "pixel-id", "12345678901234567" },
        { "pixel-id", "12345678901234a" },
        { "pixel-id", "fb-123456789012345" },
        { "pixel-id", "1234 5678 9012 345" },
        { "pixel-id", "-123456789012345" },
        { "pixel-id", "１２３４５６７８９０１２３４５" },
        { "conversions-api-token", "eaaGm0PX4ZCpsBAKZCZBvZAa1b2C3d4E5f6G7h8I9j0" },
        { "conversions-api-token", "EAA" + new string('x', 19) },
        { "conversions-api-token", "EAAGm0PX4Z-CpsBAKZCZBvZAa1b2C3d4" },
        { "conversions-api-token", "Bearer EAAGm0PX4ZCpsBAKZCZBvZAa1b2C3d4E5f6G7h8I9j0" },
        { "conversions-api-token", "EABGm0PX4ZCpsBAKZCZBvZAa1b2C3d4E5f6G7h8I9j0" },
    };

    protected override ProviderSetup ValidSetup => BuiltInSetups.MetaPixel;

    protected override string ExpectedKey => "meta-pixel";

    protected override ProviderCategory ExpectedCategory => ProviderCategory.Advertising;

    protected override IReadOnlyList<CommerceWorkflow> ExpectedWorkflows =>
        [CommerceWorkflow.TrafficAndBehaviourTracking, CommerceWorkflow.MarketingAndPerformanceData];

    protected override IReadOnlyList<(string Name, bool IsSecret, bool IsRequired)> ExpectedFields =>
    [
        ("pixel-id", false, true),
        ("conversions-api-token", true, false),
    ];

    [Theory]
    [MemberData(nameof(ValidTexts))]
    public void R5_ValidateSetup_ValidText_IsValid(string field, string text) => AssertValidWith(field, text);

    [Theory]
    [MemberData(nameof(BadFormats))]
    public void R5_ValidateSetup_BadFormat_RefusesOnlyThatFieldWithOneReason(string field, string text) => AssertOnlyFieldRefusedWith(field, text);
}
