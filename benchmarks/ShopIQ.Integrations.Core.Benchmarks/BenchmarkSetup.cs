using System.Globalization;
using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Slots;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Benchmarks;

/// <summary>What the benchmarks' set-ups share: the self-check, and the seed ledger of a store with apps already connected.</summary>
internal static class BenchmarkSetup
{
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
            Require(store.Connect(provider, SetupValidation.ValidFor(provider.Key), merchant).Status == OutcomeStatus.Connected, $"{provider.DisplayName} did not connect");
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
