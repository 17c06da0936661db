using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NodaTime;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using ShopIQ.Integrations.Core.Benchmarks.Naive;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.Stores;

/// <summary>
/// The two answers a merchant reads, on a full store (5 of 5 slots; a Pro plan with 10 exists in the catalog):
/// building an impact assessment (<see cref="Store.TryAssessImpact(ProviderKey, out ImpactAssessment?)"/> of
/// Shiprocket) and the limit-reached guidance (the <see cref="OutcomeStatus.LimitReached"/> outcome of
/// <see cref="Store.Connect"/> of a sixth app, with its <see cref="LimitGuidance"/>).
/// </summary>
/// <remarks>
/// <para>
/// Grouped by category, each with its own baseline on the naive reference (<see cref="NaiveSlotStore"/>):
/// </para>
/// <list type="bullet">
/// <item><description><c>Impact</c>: <see cref="NaiveSlotStore.Assess"/>, a dictionary lookup and, per workflow of the app, a
/// list of the other apps serving it. The store also rates severity and who is affected, and records the
/// version an acknowledgement is valid on.</description></item>
/// <item><description><c>Guidance</c>: <see cref="NaiveSlotStore.LimitGuidance"/>, a count check and a list of
/// "replace X" lines for the connected apps, oldest first, plus an "upgrade" line. The store also finds unused
/// apps, orders replaceable apps by category, finds the plans with room, names support, and raises a
/// <c>ConnectRefusedAtLimit</c> event.</description></item>
/// </list>
/// <para>
/// Neither operation changes the ledger, but each refused connect adds an event to the store's pending list,
/// so the guidance benchmark re-opens the store from its ledger every <see cref="CallsPerStore"/> calls (paid
/// inside, amortized).
/// </para>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LimitAndImpactBenchmarks
{
    private const int CallsPerStore = 4096;

    private static readonly ProviderDescriptor Assessed = BuiltInProviders.Shiprocket;
    private static readonly ProviderDescriptor Sixth = BuiltInProviders.AmazonSellerCentral;

    private readonly Actor _merchant = Actor.Merchant("bench");
    private readonly IClock _clock = new FixedClock(Instant.FromUtc(2025, 1, 1, 0, 0));
    private ConnectedAppsPolicy _policy = null!;
    private SlotLedger _seedLedger = null!;
    private SetupValidation _sixthSetup = null!;
    private Store _store = null!;
    private Store _guidanceStore = null!;
    private NaiveSlotStore _naive = null!;
    private int _callsOnThisStore;

    /// <summary>Builds a full store and a full naive store, and checks both answers on both.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var growth = new Plan(new PlanId("growth"), "Growth", tier: 2, SlotAllowance.Of(5), aiCredits: 2_000);
        var pro = new Plan(new PlanId("pro"), "Pro", tier: 3, SlotAllowance.Of(10), aiCredits: 5_000);
        _policy = new ConnectedAppsPolicy(new PlanCatalog([growth, pro]));
        ProviderDescriptor[] seed = [BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati, BuiltInProviders.GoogleAnalytics, BuiltInProviders.MetaPixel];
        _seedLedger = SeedLedger(growth.Id, seed, _policy, _clock, _merchant);
        _sixthSetup = BenchmarkSetup.Valid(Sixth);
        _store = Store.FromLedger(_seedLedger, _policy, _clock);
        _guidanceStore = Store.FromLedger(_seedLedger, _policy, _clock);
        Require(_store.TryAssessImpact(Assessed.Key, out var assessment) && assessment.Workflows.Count > 0, "Shiprocket's impact was not assessed");
        var refused = _guidanceStore.Connect(Sixth, _sixthSetup, _merchant);
        Require(refused.Status == OutcomeStatus.LimitReached && refused.Details is LimitGuidance { Options.Count: >= 3 }, $"the sixth app was not refused with guidance: {refused}");

        var now = _clock.GetCurrentInstant().ToUnixTimeTicks();
        _naive = new NaiveSlotStore(5);
        foreach (var provider in seed)
        {
            _naive.TryConnect(provider.Key.Value, provider.Workflows, now);
        }

        Require(_naive.Assess(Assessed.Key.Value) is { Count: > 0 }, "the naive store did not assess Shiprocket");
        Require(_naive.LimitGuidance(Sixth.Key.Value) is { Count: 6 }, "the naive store gave no guidance");
    }

    /// <summary>The naive assessment: lookup, and per workflow the other apps serving it.</summary>
    /// <returns>The assessment.</returns>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Impact")]
    public object? NaiveAssessImpact() => _naive.Assess(Assessed.Key.Value);

    /// <summary>Assesses what would stop if Shiprocket went.</summary>
    /// <returns>The assessment.</returns>
    [Benchmark]
    [BenchmarkCategory("Impact")]
    public ImpactAssessment? StoreAssessImpact()
    {
        _store.TryAssessImpact(Assessed.Key, out var assessment);
        return assessment;
    }

    /// <summary>The naive guidance: count check, then a line per connected app and an upgrade line.</summary>
    /// <returns>The options.</returns>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Guidance")]
    public object? NaiveLimitGuidance() => _naive.LimitGuidance(Sixth.Key.Value);

    /// <summary>Connects a sixth app to the full store: refused, with guidance.</summary>
    /// <returns>The outcome.</returns>
    [Benchmark]
    [BenchmarkCategory("Guidance")]
    public StoreOutcome StoreLimitReached()
    {
        if (++_callsOnThisStore == CallsPerStore)
        {
            _callsOnThisStore = 0;
            _guidanceStore = Store.FromLedger(_seedLedger, _policy, _clock);
        }

        return _guidanceStore.Connect(Sixth, _sixthSetup, _merchant);
    }
}
