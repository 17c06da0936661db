namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// Setups that pass the built-in adapters' format checks, with recognisable secret texts so a test can
/// search any output for them.
/// </summary>
internal static class BuiltInSetups
{
    public const string RazorpayKeySecret = "SECRETrzpKeySecret0123456789";
    public const string RazorpayWebhookSecret = "SECRETrzpWebhookSecret0123";
    public const string ShiprocketPassword = "SECRET-shiprocket-p@ssw0rd";
    public const string WatiToken = "SECRETwatiAccessToken0123456789";
    public const string GaApiSecret = "SECRETgaApiSecret0123456";
    public const string MetaToken = "EAASECRETmetaConversionsToken0123";
    public const string AmazonRefreshToken = "Atzr|SECRETamazonRefreshToken0123456789";

    /// <summary>Every secret text above, for "appears nowhere" checks.</summary>
    public static IReadOnlyList<string> Secrets { get; } =
        [RazorpayKeySecret, RazorpayWebhookSecret, ShiprocketPassword, WatiToken, GaApiSecret, MetaToken, AmazonRefreshToken];

    public static ProviderSetup Razorpay { get; } = ProviderSetup.Empty
        .With("key-id", "rzp_test_1DP5mmOlF5G5ag")
        .WithSecret("key-secret", new SecretValue(RazorpayKeySecret))
        .WithSecret("webhook-secret", new SecretValue(RazorpayWebhookSecret));

    public static ProviderSetup Shiprocket { get; } = ProviderSetup.Empty
        .With("api-user-email", "api-user@example.com")
        .WithSecret("api-user-password", new SecretValue(ShiprocketPassword));

    public static ProviderSetup Wati { get; } = ProviderSetup.Empty
        .With("api-endpoint", "https://live-server-1234.wati.io")
        .WithSecret("access-token", new SecretValue(WatiToken));

    public static ProviderSetup GoogleAnalytics { get; } = ProviderSetup.Empty
        .With("measurement-id", "G-ABC123XYZ9")
        .WithSecret("api-secret", new SecretValue(GaApiSecret));

    public static ProviderSetup MetaPixel { get; } = ProviderSetup.Empty
        .With("pixel-id", "123456789012345")
        .WithSecret("conversions-api-token", new SecretValue(MetaToken));

    public static ProviderSetup AmazonSellerCentral { get; } = ProviderSetup.Empty
        .With("seller-id", "A2EUQ1WTGCTBG2")
        .With("marketplace-id", "A21TJRUUN4KGV")
        .WithSecret("refresh-token", new SecretValue(AmazonRefreshToken));

    /// <summary>A valid setup for a built-in provider, by key.</summary>
    public static ProviderSetup For(ProviderKey provider) => provider.Value switch
    {
        "razorpay" => Razorpay,
        "shiprocket" => Shiprocket,
        "wati" => Wati,
        "google-analytics" => GoogleAnalytics,
        "meta-pixel" => MetaPixel,
        "amazon-seller-central" => AmazonSellerCentral,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Not a built-in provider."),
    };

    /// <summary>The built-in adapters, one instance each.</summary>
    public static IReadOnlyList<IIntegrationProvider> Adapters { get; } =
    [
        new RazorpayProvider(), new ShiprocketProvider(), new WatiProvider(),
        new GoogleAnalyticsProvider(), new MetaPixelProvider(), new AmazonSellerCentralProvider(),
    ];
}
