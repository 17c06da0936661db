using NodaTime;
namespace ShopIQ.Integrations.Core.Benchmarks;

/// <summary>Opens the stores the benchmarks measure, failing loudly if one would not open.</summary>
internal static class BenchStores
{
    public static Store Open(StoreId id, PlanId plan, ConnectedAppsPolicy policy, IClock clock, Actor actor)
    {
        var outcome = Store.Open(id, plan, policy, clock, actor, out var store);
        return store ?? throw new InvalidOperationException($"The benchmark's store did not open: {outcome}");
    }
}
