using System.Collections.Concurrent;
using System.Globalization;
using NodaTime;
namespace ShopIQ.Integrations.Core.Benchmarks;

/// <summary>What the benchmarks' set-ups share: the self-check, and the seed ledger of a store with apps already connected.</summary>
internal static class BenchmarkSetup
{
    /// <summary>A well-formed setup of each built-in provider; any other provider the benchmarks use declares no required field.</summary>
    private static readonly Dictionary<ProviderKey, ProviderSetup> BuiltInSetups = new()
    {
        [BuiltInProviders.Razorpay.Key] = ProviderSetup.Empty
            .With("key-id", "rzp_test_1DP5mmOlF5G5ag")
            .WithSecret("key-secret", new SecretValue("benchRazorpayKeySecret0123")),
        [BuiltInProviders.Shiprocket.Key] = ProviderSetup.Empty
            .With("api-user-email", "api-user@example.com")
            .WithSecret("api-user-password", new SecretValue("bench-shiprocket-p@ssw0rd")),
        [BuiltInProviders.Wati.Key] = ProviderSetup.Empty
            .With("api-endpoint", "https://live-server-1234.wati.io")
            .WithSecret("access-token", new SecretValue("benchWatiAccessToken0123456789")),
        [BuiltInProviders.GoogleAnalytics.Key] = ProviderSetup.Empty.With("measurement-id", "G-ABC123XYZ9"),
        [BuiltInProviders.MetaPixel.Key] = ProviderSetup.Empty.With("pixel-id", "123456789012345"),
        [BuiltInProviders.AmazonSellerCentral.Key] = ProviderSetup.Empty
            .With("seller-id", "A2EUQ1WTGCTBG2")
            .With("marketplace-id", "A21TJRUUN4KGV")
            .WithSecret("refresh-token", new SecretValue("Atzr|benchAmazonRefreshToken0123456789")),
    };

    // Checked once per descriptor, so a measured connect costs what the store does, not the setup check.
    private static readonly ConcurrentDictionary<ProviderDescriptor, SetupValidation> Validations = new();

    /// <summary>A passed validation of <paramref name="provider"/>'s setup, got by checking a well-formed setup (there is no other way).</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The validation.</returns>
    public static SetupValidation Valid(ProviderDescriptor provider) => Validations.GetOrAdd(provider, static p =>
    {
        var validation = p.CheckFields(BuiltInSetups.GetValueOrDefault(p.Key, ProviderSetup.Empty));
        Require(validation.IsValid, $"the setup of {p.DisplayName} is invalid: {validation}");
        return validation;
    });

    /// <summary>Stops a run whose set-up is not what the benchmark says it measures.</summary>
    /// <param name="condition">What must hold.</param>
    /// <param name="problem">What is wrong when it does not.</param>
    public static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup failed: {problem}.");
        }
    }

    /// <summary>The ledger of a store opened on <paramref name="plan"/> with <paramref name="apps"/> connected, each checked.</summary>
    /// <returns>The seed ledger, to rebuild the store from with <see cref="Store.FromLedger"/>.</returns>
    public static SlotLedger SeedLedger(PlanId plan, IEnumerable<ProviderDescriptor> apps, ConnectedAppsPolicy policy, IClock clock, Actor merchant)
    {
        var store = BenchStores.Open(new StoreId("bench-store"), plan, policy, clock, merchant);
        foreach (var provider in apps)
        {
            Require(store.Connect(provider, Valid(provider), merchant).Status == OutcomeStatus.Connected, $"{provider.DisplayName} did not connect");
        }

        return store.Ledger;
    }

    /// <summary>A non-critical app, one per writer, so concurrent writers of one store never want the same app.</summary>
    /// <param name="writer">The writer's number.</param>
    /// <returns>The app's descriptor.</returns>
    public static ProviderDescriptor WriterApp(int writer) => new(
        new ProviderKey(string.Create(CultureInfo.InvariantCulture, $"bench-app-{writer:00}")),
        string.Create(CultureInfo.InvariantCulture, $"Bench app {writer}"),
        ProviderCategory.Advertising,
        [CommerceWorkflow.MarketingAndPerformanceData],
        [],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);
}
