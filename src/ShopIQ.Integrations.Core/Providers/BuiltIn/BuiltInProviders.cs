namespace ShopIQ.Integrations.Core;

/// <summary>
/// Descriptors of the providers the help article names, plus one marketplace: what each one is, the
/// workflows it supports and what its setup needs. Provider adapters expose these.
/// </summary>
/// <remarks>
/// Thread-safe; the descriptors are immutable. All are available and support self-service disconnect. Each field
/// declares its <see cref="SetupFieldFormat"/>, so <see cref="ProviderDescriptor.CheckFields"/> refuses exactly what the
/// built-in adapters refuse.
/// </remarks>
public static class BuiltInProviders
{
    // Amazon's merchant tokens and marketplace ids share one shape.
    private const string AmazonId = "A[0-9A-Z]{9,20}";

    private static readonly SetupFieldFormat AnyText = SetupFieldFormat.Text(1, SetupFieldFormat.MaxValueLength);

    /// <summary>Razorpay, a payment gateway: key id (<c>rzp_test_…</c> or <c>rzp_live_…</c>), key secret, optional webhook secret.</summary>
    public static ProviderDescriptor Razorpay { get; } = new(
        new ProviderKey("razorpay"),
        "Razorpay",
        ProviderCategory.Payments,
        [CommerceWorkflow.PaymentProcessing],
        [
            new SetupField("key-id", "Key id", SetupRequirement.ApiKey, isSecret: false, isRequired: true, SetupFieldFormat.Pattern(
                "rzp_(test|live)_[A-Za-z0-9]{14}",
                "rzp_test_ or rzp_live_ followed by 14 letters or digits, as shown in the Razorpay dashboard under API Keys")),
            new SetupField("key-secret", "Key secret", SetupRequirement.ApiKey, isSecret: true, isRequired: true, SetupFieldFormat.Pattern(
                "[A-Za-z0-9]{16,64}",
                "the 16 to 64 letters and digits Razorpay showed when the key was generated")),
            // The merchant chooses it when adding the webhook in the Razorpay dashboard: any text, taken as entered.
            new SetupField("webhook-secret", "Webhook secret", SetupRequirement.ProviderSideSetup, isSecret: true, isRequired: false, AnyText),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    /// <summary>Shiprocket, a logistics partner: API user email and password.</summary>
    public static ProviderDescriptor Shiprocket { get; } = new(
        new ProviderKey("shiprocket"),
        "Shiprocket",
        ProviderCategory.Logistics,
        [CommerceWorkflow.ShipmentCreationAndTracking],
        [
            new SetupField("api-user-email", "API user email", SetupRequirement.Authentication, isSecret: false, isRequired: true, SetupFieldFormat.Email()
                .WithDescription("an email address, such as the API user created under Settings > API in Shiprocket")),
            // The merchant chose it, and a password may start or end with a space: any text, taken as entered.
            new SetupField("api-user-password", "API user password", SetupRequirement.Authentication, isSecret: true, isRequired: true, AnyText),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    /// <summary>WATI, a WhatsApp messaging provider: API endpoint URL and access token.</summary>
    public static ProviderDescriptor Wati { get; } = new(
        new ProviderKey("wati"),
        "WATI",
        ProviderCategory.WhatsAppMessaging,
        [CommerceWorkflow.WhatsAppCampaignsAndMessages],
        [
            new SetupField("api-endpoint", "API endpoint URL", SetupRequirement.AccountDetails, isSecret: false, isRequired: true, SetupFieldFormat.HttpsUrl()
                .WithDescription("an absolute https:// URL without credentials in it, as shown on WATI's API Docs page")),
            new SetupField("access-token", "Access token", SetupRequirement.Authentication, isSecret: true, isRequired: true, SetupFieldFormat.Pattern(
                @"([Bb]earer\s+)?[A-Za-z0-9\-_.~+/]{20,}=*",
                "the token from WATI's API Docs page (at least 20 characters), with or without the word Bearer in front")),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    /// <summary>Google Analytics 4: measurement id (<c>G-…</c>), optional Measurement Protocol API secret.</summary>
    public static ProviderDescriptor GoogleAnalytics { get; } = new(
        new ProviderKey("google-analytics"),
        "Google Analytics",
        ProviderCategory.Analytics,
        [CommerceWorkflow.TrafficAndBehaviourTracking],
        [
            new SetupField("measurement-id", "Measurement id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true, SetupFieldFormat.Pattern(
                "G-[A-Z0-9]{4,12}",
                "G- followed by 4 to 12 capital letters or digits, as shown in the GA4 web stream details")),
            new SetupField("api-secret", "Measurement Protocol API secret", SetupRequirement.ApiKey, isSecret: true, isRequired: false, SetupFieldFormat.Pattern(
                "[A-Za-z0-9_-]{16,64}",
                "16 to 64 letters, digits, hyphens or underscores, as shown under Measurement Protocol API secrets in the GA4 web stream details")),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    /// <summary>Meta Pixel, advertising: numeric pixel id, optional Conversions API access token.</summary>
    public static ProviderDescriptor MetaPixel { get; } = new(
        new ProviderKey("meta-pixel"),
        "Meta Pixel",
        ProviderCategory.Advertising,
        [CommerceWorkflow.TrafficAndBehaviourTracking, CommerceWorkflow.MarketingAndPerformanceData],
        [
            new SetupField("pixel-id", "Pixel id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true, SetupFieldFormat.NumericId(15, 16)
                .WithDescription("the 15 or 16 digits shown in Meta Events Manager")),
            new SetupField("conversions-api-token", "Conversions API access token", SetupRequirement.ApiKey, isSecret: true, isRequired: false, SetupFieldFormat.Pattern(
                "EAA[A-Za-z0-9]{20,}",
                "the token Events Manager generated (it starts with EAA)")),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    /// <summary>Amazon Seller Central, a marketplace: seller id, marketplace id and an OAuth refresh token with the selling-partner scopes.</summary>
    public static ProviderDescriptor AmazonSellerCentral { get; } = new(
        new ProviderKey("amazon-seller-central"),
        "Amazon Seller Central",
        ProviderCategory.Marketplace,
        [CommerceWorkflow.MarketplaceCommerceData],
        [
            new SetupField("seller-id", "Seller id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true, SetupFieldFormat.Pattern(
                AmazonId,
                "the merchant token from Seller Central: A followed by 9 to 20 capital letters or digits")),
            new SetupField("marketplace-id", "Marketplace id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true, SetupFieldFormat.Pattern(
                AmazonId,
                "an Amazon marketplace id, such as A21TJRUUN4KGV for amazon.in")),
            new SetupField("refresh-token", "OAuth refresh token", SetupRequirement.Permissions, isSecret: true, isRequired: true, SetupFieldFormat.Pattern(
                @"Atzr\|[!-~]{20,}",
                "the token Amazon returned when the ShopIQ app was authorized (it starts with Atzr|)")),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    /// <summary>All built-in descriptors, in the order above.</summary>
    public static IReadOnlyList<ProviderDescriptor> All { get; } = [Razorpay, Shiprocket, Wati, GoogleAnalytics, MetaPixel, AmazonSellerCentral];
}
