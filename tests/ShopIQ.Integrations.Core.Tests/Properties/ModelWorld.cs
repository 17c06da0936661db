using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>The fixed cast of the model-based property: providers, plans and the policy.</summary>
public static class ModelWorld
{
    /// <summary>
    /// Seven real providers (two payment gateways so coverage can hold), one that needs Support to
    /// disconnect, one that is not offered, and a native feature.
    /// </summary>
    public static readonly ProviderDescriptor[] Providers =
    [
        BuiltInProviders.Razorpay,
        new(new ProviderKey("cashfree"), "Cashfree", ProviderCategory.Payments, [CommerceWorkflow.PaymentProcessing], [], supportsSelfServiceDisconnect: true, ProviderAvailability.Available),
        BuiltInProviders.Shiprocket,
        BuiltInProviders.Wati,
        BuiltInProviders.GoogleAnalytics,
        BuiltInProviders.MetaPixel,
        BuiltInProviders.AmazonSellerCentral,
        new(new ProviderKey("legacy-erp"), "Legacy ERP", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], supportsSelfServiceDisconnect: false, ProviderAvailability.Available),
        new(new ProviderKey("sms-blast"), "SMS Blast", ProviderCategory.Advertising, [CommerceWorkflow.MarketingAndPerformanceData], [], supportsSelfServiceDisconnect: true, ProviderAvailability.NotOffered),
        new(NativeFeatures.KeyOf(NativeFeature.AiChat), "AI Chat", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], supportsSelfServiceDisconnect: true, ProviderAvailability.Available),
    ];

    /// <summary>A passed validation of each provider's setup, checked once (after <see cref="Providers"/>, which it reads).</summary>
    private static readonly Dictionary<ProviderKey, SetupValidation> ValidSetups = Providers.ToDictionary(p => p.Key, TestSetups.Valid);

    /// <summary>The catalog's plans by index; the last id is not in the catalog.</summary>
    public static readonly string[] PlanIds = ["free", "starter", "growth", "pro", "enterprise", "platinum"];

    public static readonly int UnknownPlan = PlanIds.Length - 1;

    /// <summary>Short enough that generated sequences (minutes apart) both record activity and find it on record (R11).</summary>
    public static NodaTime.Duration ActivityResolution { get; } = NodaTime.Duration.FromMinutes(10);

    public static ConnectedAppsPolicy Policy { get; } = new(TestPlans.Catalog) { PendingReservationLifetime = NodaTime.Duration.FromMinutes(30), ActivityResolution = ActivityResolution };

    public static SetupValidation Setup(ProviderKey provider, bool valid) =>
        valid ? ValidSetups[provider] : SetupValidation.Invalid(provider, [new SetupFieldError("key-id", "Key id is required.")]);

    /// <summary>The catalog allowance of each known plan, as the model tracks it (null = unlimited).</summary>
    public static int?[] InitialAllowances { get; } =
        [.. PlanIds[..UnknownPlan].Select(id => { TestPlans.Catalog.TryGetPlan(new PlanId(id), out var plan); return plan!.ConnectedApps.Slots; })];

    public static int InitialCredits(int plan)
    {
        TestPlans.Catalog.TryGetPlan(new PlanId(PlanIds[plan]), out var found);
        return found!.AiCredits;
    }
}
