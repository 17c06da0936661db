using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Providers.BuiltIn;

/// <summary>The Razorpay adapter: key id <c>rzp_test_</c>/<c>rzp_live_</c> + 14 letters or digits, key secret of 16 to 64 letters or digits, free-form optional webhook secret (R5).</summary>
public sealed class RazorpayProviderTests : BuiltInAdapterContract<RazorpayProvider>
{
    public static TheoryData<string, string> ValidTexts => new()
    {
        { "key-id", "rzp_live_ILgsfZCZoFIKMb" },
        { "key-id", "rzp_test_1DP5mmOlF5G5ag" },
        { "key-id", "rzp_test_00000000000000" },

        // Pasted from the dashboard with the spaces around it.
        { "key-secret", "abcdEFGH12345678" },
        { "key-secret", "thisIsA24CharSecretKey12" },
        { "key-secret", new string('k', 64) },

        // The merchant chooses the webhook secret in the dashboard; Razorpay puts no rule on it.
        { "webhook-secret", "my webhook secret: blue-42!" },
        { "webhook-secret", "x" },
    };

    public static TheoryData<string, string> BadFormats => new()
    {
        { "key-id", " rzp_live_ILgsfZCZoFIKMb " },
        { "key-id", "rzp_prod_1DP5mmOlF5G5ag" },
        { "key-id", "rzp_test_1DP5mmOlF5G5ag " },
        { "key-id", "rzp_test_1DP5mmOlF5G5a" },
        { "key-id", "rzp_test_1DP5mmOlF5G5agX" },
        { "key-id", "RZP_TEST_1DP5mmOlF5G5ag" },
        { "key-id", "Rzp_live_ILgsfZCZoFIKMb" },
        { "key-id", "rzp_ILgsfZCZoFIKMb1234" },
        { "key-id", "key_live_ILgsfZCZoFIKMb" },
        { "key-id", "rzp_live_ILgsfZCZ-FIKMb" },
        { "key-id", "rzp_live_ILgsfZCZ FIKMb" },
        { "key-id", "rzp_live_" },
        { "key-id", "ILgsfZCZoFIKMb" },
        { "key-secret", "abcdEFGH1234567" },
        { "key-secret", new string('k', 65) },
        { "key-secret", "abcdEFGH-12345678" },
        { "key-secret", "abcdEFGH 12345678" },
        { "key-secret", "rzp_live_ILgsfZCZoFIKMb" },
    };

    protected override ProviderSetup ValidSetup => BuiltInSetups.Razorpay;

    protected override string ExpectedKey => "razorpay";

    protected override ProviderCategory ExpectedCategory => ProviderCategory.Payments;

    protected override IReadOnlyList<CommerceWorkflow> ExpectedWorkflows => [CommerceWorkflow.PaymentProcessing];

    protected override IReadOnlyList<(string Name, bool IsSecret, bool IsRequired)> ExpectedFields =>
    [
        ("key-id", false, true),
        ("key-secret", true, true),
        ("webhook-secret", true, false),
    ];

    [Theory]
    [MemberData(nameof(ValidTexts))]
    public void R5_ValidateSetup_ValidText_IsValid(string field, string text) => AssertValidWith(field, text);

    [Theory]
    [MemberData(nameof(BadFormats))]
    public void R5_ValidateSetup_BadFormat_RefusesOnlyThatFieldWithOneReason(string field, string text) => AssertOnlyFieldRefusedWith(field, text);

    [Fact]
    public void R5_ValidateSetup_PastedKeyIdWithATrailingSpace_SaysToRemoveTheSpace()
    {
        var validation = new RazorpayProvider().ValidateSetup(BuiltInSetups.Razorpay.With("key-id", "rzp_live_ILgsfZCZoFIKMb "));

        var error = Assert.Single(validation.Errors);
        Assert.Equal("key-id", error.Field);
        Assert.Equal("Key id must not start or end with a space or line break; remove them and try again.", error.Reason);
    }
}
