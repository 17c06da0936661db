using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers.BuiltIn;

/// <summary>The WATI adapter: an https API endpoint without credentials in it, and an access token with or without "Bearer " (R5).</summary>
public sealed class WatiProviderTests : BuiltInAdapterContract<WatiProvider>
{
    private const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl-_";

    public static TheoryData<string, string> ValidTexts => new()
    {
        { "api-endpoint", "https://live-mt-server.wati.io/123456" },
        { "api-endpoint", "https://live-server-1234.wati.io/" },
        { "api-endpoint", "https://app-server.wati.io:443/api/v1" },
        { "access-token", Jwt },
        { "access-token", "Bearer " + Jwt },
        { "access-token", "Bearer  " + Jwt },
        { "access-token", "abcDEF123abcDEF123abcDEF+/==" },
        { "access-token", "Bearer abcDEF123abcDEF123abcDEF+/==" },
        { "access-token", "bearer " + Jwt },
    };

    public static TheoryData<string, string> BadFormats => new()
    {
        { "api-endpoint", "http://live-server-1234.wati.io" },
        { "api-endpoint", "live-server-1234.wati.io" },
        { "api-endpoint", "https://user:pass@live-server-1234.wati.io" },
        { "api-endpoint", "https://token@live-server-1234.wati.io/123" },
        { "api-endpoint", "ftp://live-server-1234.wati.io" },
        { "api-endpoint", "wss://live-server-1234.wati.io" },
        { "api-endpoint", "https://" },
        { "api-endpoint", "/api/v1/sendTemplateMessage" },
        { "api-endpoint", " https://live-server-1234.wati.io " },
        { "access-token", "Bearer abc def" },
        { "access-token", "Bearer x" },
        { "access-token", "Bearer" },
        { "access-token", "abcDEF123+/==" },
        { "access-token", " " + Jwt },
        { "access-token", "Basic dXNlcjpwYXNzd29yZA==" },
        { "access-token", "abc=def" },
        { "access-token", "token;drop" },
        { "access-token", "<" + Jwt + ">" },
    };

    protected override ProviderSetup ValidSetup => BuiltInSetups.Wati;

    protected override string ExpectedKey => "wati";

    protected override ProviderCategory ExpectedCategory => ProviderCategory.WhatsAppMessaging;

    protected override IReadOnlyList<CommerceWorkflow> ExpectedWorkflows => [CommerceWorkflow.WhatsAppCampaignsAndMessages];

    protected override IReadOnlyList<(string Name, bool IsSecret, bool IsRequired)> ExpectedFields =>
    [
        ("api-endpoint", false, true),
        ("access-token", true, true),
    ];

    [Theory]
    [MemberData(nameof(ValidTexts))]
    public void R5_ValidateSetup_ValidText_IsValid(string field, string text) => AssertValidWith(field, text);

    [Theory]
    [MemberData(nameof(BadFormats))]
    public void R5_ValidateSetup_BadFormat_RefusesOnlyThatFieldWithOneReason(string field, string text) => AssertOnlyFieldRefusedWith(field, text);
}
