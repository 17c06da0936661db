using BenchmarkDotNet.Attributes;
using NodaTime;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using ShopIQ.Integrations.Core.Benchmarks.Naive;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.Stores;

/// <summary>
/// Replacing an app on a full store (5 of 5 slots): <see cref="Store.Replace(ProviderKey, ProviderDescriptor, SetupValidation, Actor)"/>
/// of Meta Pixel by Amazon Seller Central and back (both non-critical, so no acknowledgement is needed), against
/// the naive reference (<see cref="NaiveSlotStore.TryReplace"/>: a dictionary swap and a ledger record under a lock).
/// </summary>
/// <remarks>
/// Each invocation replaces twice (there and back, so the store ends as it started) and reports per replace
/// (<c>OperationsPerInvoke = 2</c>). The store also assesses the impact of the outgoing app, raises an event,
/// and answers with the workflows to test; the ratio is the price of that. The ledger is bounded as in
/// <see cref="ConnectDisconnectBenchmarks"/>: both sides start again from their seed every
/// <see cref="ReplacesPerStore"/> replaces, paid inside the measured method.
/// </remarks>
[MemoryDiagnoser]
public class ReplaceAtLimitBenchmarks
{
    private const int ReplacesPerStore = 4096;

    private static readonly ProviderDescriptor First = BuiltInProviders.MetaPixel;
    private static readonly ProviderDescriptor Second = BuiltInProviders.AmazonSellerCentral;

    private readonly Actor _merchant = Actor.Merchant("bench");
    private readonly IClock _clock = new FixedClock(Instant.FromUtc(2025, 1, 1, 0, 0));
    private ConnectedAppsPolicy _policy = null!;
    private SlotLedger _seedLedger = null!;
    private SetupValidation _firstSetup = null!;
    private SetupValidation _secondSetup = null!;
    private Store _store = null!;
    private NaiveSlotStore _naive = null!;
    private int _replacesOnThisStore;
    private int _replacesOnThisNaive;
    private long _now;

    /// <summary>Builds a full store and a full naive store, and checks a replace there and back works on both.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var growth = new Plan(new PlanId("growth"), "Growth", tier: 2, SlotAllowance.Of(5), aiCredits: 2_000);
        _policy = new ConnectedAppsPolicy(new PlanCatalog([growth]));
        _seedLedger = SeedLedger(growth.Id, SeedApps(), _policy, _clock, _merchant);
        _firstSetup = BenchmarkSetup.Valid(First);
        _secondSetup = BenchmarkSetup.Valid(Second);
        _store = Store.FromLedger(_seedLedger, _policy, _clock);
        Require(_store.SlotsInUse == 5 && _store.Allowance == SlotAllowance.Of(5), $"the store is at {_store}, not 5/5");
        Require(_store.Replace(First.Key, Second, _secondSetup, _merchant).Status == OutcomeStatus.Replaced, "the replace there failed");
        Require(_store.Replace(Second.Key, First, _firstSetup, _merchant).Status == OutcomeStatus.Replaced, "the replace back failed");
        Require(_store.SlotsInUse == 5, "a replace changed the slot count");

        _now = _clock.GetCurrentInstant().ToUnixTimeTicks();
        _naive = NewNaive();
        Require(_naive.SlotsInUse == 5, "the naive store is not full");
        Require(_naive.TryReplace(First.Key.Value, Second.Key.Value, Second.Workflows, _now) && _naive.TryReplace(Second.Key.Value, First.Key.Value, First.Workflows, _now), "the naive replaces failed");
    }

    /// <summary>The naive reference: swaps the apps in the dictionary under its lock, there and back.</summary>
    /// <returns>Whether the swap back happened.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    public bool NaiveReplace()
    {
        _replacesOnThisNaive += 2;
        if (_replacesOnThisNaive >= ReplacesPerStore)
        {
            _replacesOnThisNaive = 0;
            _naive = NewNaive();
        }

        _naive.TryReplace(First.Key.Value, Second.Key.Value, Second.Workflows, _now);
        return _naive.TryReplace(Second.Key.Value, First.Key.Value, First.Workflows, _now);
    }

    /// <summary>Replaces Meta Pixel by Amazon Seller Central on the full store, and back.</summary>
    /// <returns>The second replace's outcome.</returns>
    [Benchmark(OperationsPerInvoke = 2)]
    public StoreOutcome StoreReplace()
    {
        _replacesOnThisStore += 2;
        if (_replacesOnThisStore >= ReplacesPerStore)
        {
            _replacesOnThisStore = 0;
            _store = Store.FromLedger(_seedLedger, _policy, _clock);
        }

        _store.Replace(First.Key, Second, _secondSetup, _merchant);
        return _store.Replace(Second.Key, First, _firstSetup, _merchant);
    }

    private static ProviderDescriptor[] SeedApps() =>
        [BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati, BuiltInProviders.GoogleAnalytics, First];

    private NaiveSlotStore NewNaive()
    {
        var naive = new NaiveSlotStore(5);
        foreach (var provider in SeedApps())
        {
            naive.TryConnect(provider.Key.Value, provider.Workflows, _now);
        }

        return naive;
    }
}
