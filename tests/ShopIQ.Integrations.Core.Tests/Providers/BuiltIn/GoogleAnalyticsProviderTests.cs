using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers.BuiltIn;

/// <summary>The Google Analytics 4 adapter: measurement id <c>G-</c> + 4 to 12 capitals or digits, optional Measurement Protocol API secret (R5).</summary>
public sealed class GoogleAnalyticsProviderTests : BuiltInAdapterContract<GoogleAnalyticsProvider>
{
    public static TheoryData<string, string> ValidTexts => new()
    {
        { "measurement-id", "G-ABCD" },
        { "measurement-id", "G-ABCDEFGH1234" },
        { "measurement-id", "G-0123456789" },
        { "api-secret", "aBcD-eFgH_iJkL-MnOpQr" },
        { "api-secret", "abcdefghijklmnop" },
        { "api-secret", new string('s', 64) },
    };

    public static TheoryData<string, string> BadFormats => new()
    {
        { "measurement-id", "g-ABC123XYZ9" },
        { "measurement-id", "G-abc123xyz9" },
        { "measurement-id", "G-ABC123xYZ9" },
        { "measurement-id", "UA-12345678-1" },
        { "measurement-id", "GT-ABC123X" },
        { "measurement-id", "AW-123456789" },
        { "measurement-id", "G-ABC" },
        { "measurement-id", "G-ABCDEFGH12345" },
        { "measurement-id", "ABC123XYZ9" },
        { "measurement-id", "G_ABC123XYZ9" },
        { "measurement-id", "G-" },
        { "api-secret", "abcdefghijklmno" },
        { "api-secret", new string('s', 65) },
        { "api-secret", "aBcD eFgH iJkL MnOp" },
        { "api-secret", "aBcD.eFgH.iJkL.MnOp" },
        { "api-secret", "aBcD+eFgH/iJkL=MnOp=" },
    };

    protected override ProviderSetup ValidSetup => BuiltInSetups.GoogleAnalytics;

    protected override string ExpectedKey => "google-analytics";

    protected override ProviderCategory ExpectedCategory => ProviderCategory.Analytics;

    protected override IReadOnlyList<CommerceWorkflow> ExpectedWorkflows => [CommerceWorkflow.TrafficAndBehaviourTracking];

    protected override IReadOnlyList<(string Name, bool IsSecret, bool IsRequired)> ExpectedFields =>
    [
        ("measurement-id", false, true),
        ("api-secret", true, false),
    ];

    [Theory]
    [MemberData(nameof(ValidTexts))]
    public void R5_ValidateSetup_ValidText_IsValid(string field, string text) => AssertValidWith(field, text);

    [Theory]
    [MemberData(nameof(BadFormats))]
    public void R5_ValidateSetup_BadFormat_RefusesOnlyThatFieldWithOneReason(string field, string text) => AssertOnlyFieldRefusedWith(field, text);
}
