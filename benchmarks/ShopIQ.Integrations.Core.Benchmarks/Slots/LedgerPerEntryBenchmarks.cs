using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NodaTime;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using ShopIQ.Integrations.Core.Benchmarks.Naive;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.Slots;

/// <summary>
/// The ledger at scale: appending 1,000,000 entries, and replaying + verifying a 1,000,000-entry ledger
/// (<see cref="Store.FromLedger"/>, which verifies first) and verifying it alone (<see cref="SlotLedger.Verify"/>),
/// each reported per entry (<c>OperationsPerInvoke = 1,000,000</c>). Issue 5's target: replay + verification
/// at most 20 ns per entry.
/// </summary>
/// <remarks>
/// <para>
/// Grouped by category, each with its own baseline:
/// </para>
/// <list type="bullet">
/// <item><description><c>Append</c>: the naive ledger, <see cref="List{T}.Add"/> of a (timestamp, kind, key, slots) record
/// struct into a fresh list, against <see cref="SlotLedger"/>'s internal append (the sequence check and the list
/// add) of the same, already built, entries into an empty ledger. Building an entry belongs to the operation
/// that appends it, which the store benchmarks measure.</description></item>
/// <item><description><c>Replay</c>: one pass over a <c>long[]</c> of the entries' slot deltas, summing them (the floor of
/// reading a count history), against replaying and verifying, and verifying alone, the same entries.</description></item>
/// </list>
/// <para>
/// The ledger is built by store operations in <see cref="Setup"/>, cycling through connects, a reservation and
/// its completion, activity, AI use, a replace and acknowledged disconnects, so replay meets every common kind.
/// It takes a few seconds and about 200 MB.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LedgerPerEntryBenchmarks
{
    private const int Entries = 1_000_000;

    private readonly Actor _merchant = Actor.Merchant("bench");
    private readonly IClock _clock = new SteppingClock(Instant.FromUtc(2025, 1, 1, 0, 0), Duration.FromSeconds(1));
    private ConnectedAppsPolicy _policy = null!;
    private SlotLedger _ledger = null!;
    private SlotLedgerEntry[] _entries = null!;
    private NaiveLedgerRecord[] _naiveRecords = null!;
    private long[] _deltas = null!;

    /// <summary>Builds a 1,000,000-entry ledger through store operations, and checks it verifies and replays.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var growth = new Plan(new PlanId("growth"), "Growth", tier: 2, SlotAllowance.Of(5), aiCredits: 100_000_000);
        _policy = new ConnectedAppsPolicy(new PlanCatalog([growth]));
        var store = BenchStores.Open(new StoreId("bench-store"), growth.Id, _policy, _clock, _merchant);
        var meta = BuiltInProviders.MetaPixel;
        var amazon = BuiltInProviders.AmazonSellerCentral;
        var ga = BuiltInProviders.GoogleAnalytics;
        var wati = BuiltInProviders.Wati;
        static SetupValidation Valid(ProviderDescriptor provider) => BenchmarkSetup.Valid(provider);

        // One cycle of a store's life; it ends with no app connected, so it can start again.
        (Func<StoreOutcome> Operation, OutcomeStatus Expected)[] cycle =
        [
            (() => store.Connect(meta, Valid(meta), _merchant), OutcomeStatus.Connected),
            (() => store.Connect(amazon, Valid(amazon), _merchant), OutcomeStatus.Connected),
            (() => store.RecordActivity(meta.Key, _merchant), OutcomeStatus.ActivityRecorded),
            (() => store.UseAiCredits(1, AiUsePurpose.Summarize, _merchant), OutcomeStatus.AiCreditsUsed),
            (() => store.Replace(meta.Key, ga, Valid(ga), _merchant), OutcomeStatus.Replaced),
            (() => store.BeginConnect(wati, Valid(wati), _merchant), OutcomeStatus.Reserved),
            (() => store.CompleteConnect(wati.Key, _merchant), OutcomeStatus.Activated),
            (() => store.Disconnect(amazon.Key, _merchant), OutcomeStatus.Disconnected),
            (() => DisconnectAcknowledged(store, ga.Key), OutcomeStatus.Disconnected),
            (() => DisconnectAcknowledged(store, wati.Key), OutcomeStatus.Disconnected),
        ];

        for (var i = 0; store.Version < Entries; i++)
        {
            var (operation, expected) = cycle[i % cycle.Length];
            var before = store.Version;
            var outcome = operation();
            Require(outcome.Status == expected && store.Version == before + 1, $"step {i} expected {expected} and one new entry, got {outcome} at version {store.Version}");
            if (i % cycle.Length == cycle.Length - 1)
            {
                store.TakeEvents();
            }
        }

        _ledger = store.Ledger;
        _entries = [.. _ledger.Entries];
        Require(_entries.Length == Entries && _ledger.Verify().IsValid, $"the ledger has {_entries.Length} entries and is {_ledger.Verify()}");
        Require(Store.FromLedger(_ledger, _policy, _clock).Version == Entries, "the replay did not reach the last entry");
        _naiveRecords = [.. _entries.Select(e => new NaiveLedgerRecord(e.At.ToUnixTimeTicks(), NaiveEntryKind.Connected, e.Provider?.Value ?? string.Empty, e.SlotsInUse))];
        _deltas = [.. _entries.Select(e => (long)SlotLedgerEntry.SlotDelta(e.Kind))];
    }

    /// <summary>The naive ledger: adds 1,000,000 records to a fresh list.</summary>
    /// <returns>The list.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Entries)]
    [BenchmarkCategory("Append")]
    public object NaiveAppend()
    {
        var list = new List<NaiveLedgerRecord>();
        foreach (var record in _naiveRecords)
        {
            list.Add(record);
        }

        return list;
    }

    /// <summary>Appends 1,000,000 entries to an empty ledger.</summary>
    /// <returns>The ledger.</returns>
    [Benchmark(OperationsPerInvoke = Entries)]
    [BenchmarkCategory("Append")]
    public SlotLedger LedgerAppend()
    {
        var ledger = SlotLedger.Empty(_ledger.StoreId);
        foreach (var entry in _entries)
        {
            ledger.Append(entry);
        }

        return ledger;
    }

    /// <summary>The floor: one pass over the slot deltas, summing them.</summary>
    /// <returns>The sum.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Entries)]
    [BenchmarkCategory("Replay")]
    public long SumDeltas()
    {
        long sum = 0;
        foreach (var delta in _deltas)
        {
            sum += delta;
        }

        return sum;
    }

    /// <summary>Rebuilds the store from the 1,000,000-entry ledger, verifying it first.</summary>
    /// <returns>The store.</returns>
    [Benchmark(OperationsPerInvoke = Entries)]
    [BenchmarkCategory("Replay")]
    public Store ReplayAndVerify() => Store.FromLedger(_ledger, _policy, _clock);

    /// <summary>Verifies the 1,000,000-entry ledger.</summary>
    /// <returns>The verification.</returns>
    [Benchmark(OperationsPerInvoke = Entries)]
    [BenchmarkCategory("Replay")]
    public LedgerVerification Verify() => _ledger.Verify();

    private StoreOutcome DisconnectAcknowledged(Store store, ProviderKey provider) =>
        store.TryAssessImpact(provider, out var assessment)
            ? store.Disconnect(provider, assessment.Acknowledge(), _merchant)
            : throw new InvalidOperationException($"Benchmark setup failed: '{provider}' is not connected.");
}
