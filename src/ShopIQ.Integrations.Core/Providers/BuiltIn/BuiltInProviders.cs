namespace ShopIQ.Integrations.Core.Providers.BuiltIn;

/// <summary>
/// Descriptors of the providers the help article names, plus one marketplace: what each one is, the
/// workflows it supports and what its setup needs. Provider adapters expose these.
/// </summary>
/// <remarks>Thread-safe; the descriptors are immutable. All are available and support self-service disconnect.</remarks>
public static class BuiltInProviders
{
    /// <summary>Razorpay, a payment gateway: key id (<c>rzp_test_…</c> or <c>rzp_live_…</c>), key secret, optional webhook secret.</summary>
    public static ProviderDescriptor Razorpay { get; } = new(
        new ProviderKey("razorpay"),
        "Razorpay",
        ProviderCategory.Payments,
        [CommerceWorkflow.PaymentProcessing],
        [
            new SetupField("key-id", "Key id", SetupRequirement.ApiKey, isSecret: false, isRequired: true),
            new SetupField("key-secret", "Key secret", SetupRequirement.ApiKey, isSecret: true, isRequired: true),
            new SetupField("webhook-secret", "Webhook secret", SetupRequirement.ProviderSideSetup, isSecret: true, isRequired: false),
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
            new SetupField("api-user-email", "API user email", SetupRequirement.Authentication, isSecret: false, isRequired: true),
            new SetupField("api-user-password", "API user password", SetupRequirement.Authentication, isSecret: true, isRequired: true),
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
            new SetupField("api-endpoint", "API endpoint URL", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
            new SetupField("access-token", "Access token", SetupRequirement.Authentication, isSecret: true, isRequired: true),
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
            new SetupField("measurement-id", "Measurement id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
            new SetupField("api-secret", "Measurement Protocol API secret", SetupRequirement.ApiKey, isSecret: true, isRequired: false),
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
            new SetupField("pixel-id", "Pixel id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
            new SetupField("conversions-api-token", "Conversions API access token", SetupRequirement.ApiKey, isSecret: true, isRequired: false),
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
            new SetupField("seller-id", "Seller id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
            new SetupField("marketplace-id", "Marketplace id", SetupRequirement.AccountDetails, isSecret: false, isRequired: true),
            new SetupField("refresh-token", "OAuth refresh token", SetupRequirement.Permissions, isSecret: true, isRequired: true),
        ],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    /// <summary>All built-in descriptors, in the order above.</summary>
    public static IReadOnlyList<ProviderDescriptor> All { get; } = [Razorpay, Shiprocket, Wati, GoogleAnalytics, MetaPixel, AmazonSellerCentral];
}
