using BenchmarkDotNet.Attributes;
using NodaTime;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
namespace ShopIQ.Integrations.Core.Benchmarks.Slots;

/// <summary>
/// Loading a store from its ledger (<see cref="Store.FromLedger"/>) and checking a ledger
/// (<see cref="SlotLedger.Verify"/>), against the floor: one plain pass over the same entries.
/// </summary>
/// <remarks>
/// Every method walks all <see cref="Entries"/> entries, so the ratio to the baseline is the cost per entry
/// relative to merely reading one, and Mean divided by <see cref="Entries"/> is the time per entry.
/// (<c>OperationsPerInvoke</c> would report per entry directly, but it must be a constant and cannot follow
/// a <c>[Params]</c> value.) <see cref="Store.FromLedger"/> verifies the ledger before it replays it, so
/// Replay minus Verify is the cost of applying the entries.
/// </remarks>
[MemoryDiagnoser]
public class LedgerReplayBenchmarks
{
    private readonly Actor _merchant = Actor.Merchant("bench");
    private readonly Actor _provider = new(ActorKind.Provider, "shiprocket");
    private readonly IClock _clock = new SteppingClock(Instant.FromUtc(2025, 1, 1, 0, 0), Duration.FromMinutes(1));
    private ConnectedAppsPolicy _policy = null!;
    private SlotLedger _ledger = null!;

    /// <summary>How many entries the ledger holds.</summary>
    [Params(100, 1000)]
    public int Entries { get; set; }

    /// <summary>
    /// Builds the ledger the way a store's life does, through store operations: connects, a setup that
    /// takes time, activity, AI use, expired credentials and a reconnect, plan changes, a replace, and
    /// acknowledged disconnects, over and over, until it holds <see cref="Entries"/> entries.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        var growth = new Plan(new PlanId("growth"), "Growth", tier: 2, SlotAllowance.Of(5), aiCredits: 1_000_000);
        var pro = new Plan(new PlanId("pro"), "Pro", tier: 3, SlotAllowance.Of(10), aiCredits: 5_000_000);
        _policy = new ConnectedAppsPolicy(new PlanCatalog([growth, pro]));
        var store = BenchStores.Open(new StoreId("bench-store"), growth.Id, _policy, _clock, _merchant);
        static SetupValidation Valid(ProviderDescriptor provider) => BenchmarkSetup.Valid(provider);

        // One cycle of a store's life; it ends with no app connected, so it can start again.
        (Func<StoreOutcome> Operation, OutcomeStatus Expected)[] cycle =
        [
            (() => store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), _merchant), OutcomeStatus.Connected),
            (() => store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), _merchant), OutcomeStatus.Connected),
            (() => store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), _merchant), OutcomeStatus.Reserved),
            (() => store.CompleteConnect(BuiltInProviders.Wati.Key, _merchant), OutcomeStatus.Activated),
            (() => store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), _merchant), OutcomeStatus.Connected),
            (() => store.RecordActivity(BuiltInProviders.Razorpay.Key, _merchant), OutcomeStatus.ActivityRecorded),
            (() => store.UseAiCredits(1, AiUsePurpose.Summarize, _merchant), OutcomeStatus.AiCreditsUsed),
            (() => store.MarkNeedsAttention(BuiltInProviders.Shiprocket.Key, AttentionReason.CredentialsExpired, _provider), OutcomeStatus.MarkedNeedsAttention),
            (() => store.Reconnect(BuiltInProviders.Shiprocket.Key, Valid(BuiltInProviders.Shiprocket), _merchant), OutcomeStatus.Reconnected),
            (() => store.ChangePlan(pro.Id, _merchant), OutcomeStatus.PlanChanged),
            (() => store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), _merchant), OutcomeStatus.Replaced),
            (() => store.ChangePlan(growth.Id, _merchant), OutcomeStatus.PlanChanged),
            (() => DisconnectAcknowledged(store, BuiltInProviders.GoogleAnalytics.Key), OutcomeStatus.Disconnected),
            (() => DisconnectAcknowledged(store, BuiltInProviders.Wati.Key), OutcomeStatus.Disconnected),
            (() => DisconnectAcknowledged(store, BuiltInProviders.Shiprocket.Key), OutcomeStatus.Disconnected),
            (() => DisconnectAcknowledged(store, BuiltInProviders.Razorpay.Key), OutcomeStatus.Disconnected),
        ];

        for (var i = 0; store.Version < Entries; i++)
        {
            var (operation, expected) = cycle[i % cycle.Length];
            var before = store.Version;
            var outcome = operation();
            if (outcome.Status != expected || store.Version != before + 1)
            {
                throw new InvalidOperationException($"Benchmark setup failed: step {i} expected {expected} and one new entry, got {outcome} at version {store.Version}.");
            }
        }

        _ledger = store.Ledger;
        var verification = _ledger.Verify();
        if (_ledger.Entries.Count != Entries || !verification.IsValid)
        {
            throw new InvalidOperationException($"Benchmark setup failed: the ledger has {_ledger.Entries.Count} entries and is {verification}.");
        }
    }

    /// <summary>The floor: reads every entry once.</summary>
    /// <returns>The sum of the slots in use over all entries.</returns>
    [Benchmark(Baseline = true)]
    public long SumSlotsInUse()
    {
        var entries = _ledger.Entries;
        long sum = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            sum += entries[i].SlotsInUse;
        }

        return sum;
    }

    /// <summary>Rebuilds the store from its ledger, which includes verifying it.</summary>
    /// <returns>The store.</returns>
    [Benchmark]
    public Store Replay() => Store.FromLedger(_ledger, _policy, _clock);

    /// <summary>Checks the ledger for gaps, reordering, miscounts and entries over the allowance.</summary>
    /// <returns>The verification.</returns>
    [Benchmark]
    public LedgerVerification Verify() => _ledger.Verify();

    private StoreOutcome DisconnectAcknowledged(Store store, ProviderKey provider) =>
        store.TryAssessImpact(provider, out var assessment)
            ? store.Disconnect(provider, assessment.Acknowledge(), _merchant)
            : throw new InvalidOperationException($"Benchmark setup failed: '{provider}' is not connected.");
}
