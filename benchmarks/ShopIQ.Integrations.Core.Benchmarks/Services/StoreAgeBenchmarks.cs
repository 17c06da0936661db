using System.Globalization;
using BenchmarkDotNet.Attributes;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.Services;

/// <summary>
/// Whether a command costs more on an old store: a <see cref="ConnectedAppsService.ConnectAsync"/> +
/// <see cref="ConnectedAppsService.DisconnectAsync"/> pair through the service and the in-memory repository, on stores
/// whose ledgers hold about 10, 1,000, 100,000 and 1,000,000 entries (<see cref="LedgerLength"/>). Each figure is per
/// pair. The goal: the pair on the 1,000,000-entry store at most 1.2 × the pair on the 10-entry store, at most 2 KB
/// allocated per pair.
/// </summary>
/// <remarks>
/// <para>
/// Two pairs: <see cref="CallingOutPair"/> through an adapter whose connect calls out (<see cref="InstantProvider"/>:
/// reserve and save, call, activate and save, then disconnect and save: three saves), and <see cref="OfflinePair"/>
/// through the built-in Meta Pixel adapter, which makes no call (reserve and activate in one save, then disconnect:
/// two saves). Both are the service's full command path: setup validation, idempotency key and record, the store's
/// turn, the decision, the save with its version check and snapshot, the events.
/// </para>
/// <para>
/// Ratios are between the <see cref="LedgerLength"/> rows of one run: BenchmarkDotNet's baseline compares methods
/// within one parameter value, not values with each other, so the results file divides the rows itself.
/// </para>
/// <para>
/// Stores: a history of the length (<see cref="StoreHistory.Build"/>: several apps connected and disconnected,
/// activity, AI credits, plan changes) is written once per process. Every iteration starts on a fresh repository,
/// service and store holding that history ([IterationSetup], so the invocation count is fixed): a pair appends three
/// entries, so the store stays within 3 × <see cref="PairsPerIteration"/> entries of its length, and nothing left by
/// one iteration (records, old stores, cached snapshots) weighs on the next. The history is saved as the PostgreSQL
/// benchmark saves it, 10,000 entries a change, the last with the snapshot. Saved in one change, the repository's
/// list of entries would be exactly full, and the iteration's first save would double it: a 16 MB copy for the
/// million-entry store, which the memory diagnoser spread over the iteration's pairs as 15 KB a pair (measured). A
/// store that grew by commands is anywhere between two doublings, as these are.
/// The iteration's first command finds the store cold and reads it; the others find its snapshot cached, as a
/// service's commands on a busy store do. After the run the last store's whole ledger is read and verified, and its
/// length must be the history's plus three entries for every pair run on it: a pair that was refused would show.
/// </para>
/// <para>
/// An iteration lasts a few milliseconds, and the JIT moves methods to optimized code only after they have run for a
/// while with no new code to compile (measured in a harness: an unchanging command slows from 2.6 to 3.6 µs while its
/// methods are counted, then settles at 1.1 µs); so this class warms up for 40 iterations, not the default handful,
/// and measures 20.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[WarmupCount(40)]
[IterationCount(20)]
[InvocationCount(PairsPerIteration)]
public class StoreAgeBenchmarks
{
    private const int PairsPerIteration = 1_000;
    private const int SeedBatch = 10_000;

    private static readonly ProviderDescriptor CallingOutApp = WriterApp(0);
    private static readonly ProviderDescriptor OfflineApp = BuiltInProviders.MetaPixel;

    private readonly FixedClock _clock = new(StoreHistory.Now);
    private IReadOnlyList<SlotLedgerEntry> _history = [];
    private ConnectedAppsService _service = null!;
    private StoreId _store = null!;
    private int _stores;
    private int _pairsOnStore;
    private long _keys;

    /// <summary>How many entries the store's ledger holds before the iteration's pairs.</summary>
    [Params(10, 1_000, 100_000, 1_000_000)]
    public int LedgerLength { get; set; }

    /// <summary>Writes the history, and checks both pairs connect and disconnect on a store holding it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using (var planner = NewService(new InMemoryStoreRepository()))
        {
            _history = StoreHistory.Build(new StoreId("history"), LedgerLength, planner.Policy).Ledger.Entries;
        }

        NewStore();
        Require(CallingOutPair().GetAwaiter().GetResult().Status == OutcomeStatus.Disconnected, $"{CallingOutApp.DisplayName} did not connect and disconnect");
        Require(OfflinePair().GetAwaiter().GetResult().Status == OutcomeStatus.Disconnected, $"{OfflineApp.DisplayName} did not connect and disconnect");
        CheckStore();
    }

    /// <summary>A fresh repository and service, and a store holding the history, with its snapshot.</summary>
    [IterationSetup]
    public void NewStore()
    {
        _service?.Dispose();
        var repository = new InMemoryStoreRepository();
        _service = NewService(repository);
        _store = new StoreId(string.Create(CultureInfo.InvariantCulture, $"store-{++_stores}"));
        _pairsOnStore = 0;
        var store = Store.FromLedger(SlotLedger.FromEntries(_store, _history), _service.Policy, _clock);
        StoreHistory.SaveAsync(repository, store, SeedBatch).GetAwaiter().GetResult();
    }

    /// <summary>Checks the last store, prints its length, and disposes the service.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        CheckStore();
        _service.Dispose();
    }

    /// <summary>Connect and disconnect through an adapter that calls out: three saves.</summary>
    /// <returns>The disconnect's result.</returns>
    [Benchmark]
    public Task<ConnectedAppsResult> CallingOutPair() => PairAsync(CallingOutApp, ProviderSetup.Empty);

    /// <summary>Connect and disconnect through the built-in offline Meta Pixel adapter: two saves.</summary>
    /// <returns>The disconnect's result.</returns>
    [Benchmark]
    public Task<ConnectedAppsResult> OfflinePair() => PairAsync(OfflineApp, StoreHistory.MetaPixelSetup);

    private static ConnectedAppsService NewService(InMemoryStoreRepository repository) =>
        StoreHistory.NewService(repository, new FixedClock(StoreHistory.Now), [new InstantProvider(CallingOutApp, callsOut: true), new MetaPixelProvider()]);

    private async Task<ConnectedAppsResult> PairAsync(ProviderDescriptor app, ProviderSetup setup)
    {
        _pairsOnStore++;
        await _service.ConnectAsync(new ConnectAppCommand(_store, app.Key, setup, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
        return await _service.DisconnectAsync(new DisconnectAppCommand(_store, app.Key, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Throws unless the current store's whole ledger verifies and grew by three entries a pair, with only the history's apps left.</summary>
    private void CheckStore()
    {
        var ledger = _service.ReadLedgerAsync(_store, CancellationToken.None).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"Store {_store} is missing.");
        var verification = ledger.Verify();
        Require(verification.IsValid, $"the ledger of {_store} does not verify: {verification}");
        Require(ledger.LastSequence == _history.Count + (3L * _pairsOnStore), $"{_store} has {ledger.LastSequence} entries after {_pairsOnStore} pairs on a history of {_history.Count}: a pair did not complete");
        var store = _service.GetStoreAsync(_store, CancellationToken.None).GetAwaiter().GetResult();
        Require(store?.SlotsInUse == StoreHistory.CriticalApps.Count, $"{_store} is at {store}, not back to its {StoreHistory.CriticalApps.Count} apps");
        Console.WriteLine($"// StoreAge({LedgerLength}): history of {_history.Count:N0} entries; {_store} verified at {ledger.LastSequence:N0} entries after {_pairsOnStore:N0} pairs.");
    }

    /// <summary>A fresh idempotency key per command, as a caller must give; the string is part of the caller's cost.</summary>
    private IdempotencyKey NextKey() => new((++_keys).ToString(CultureInfo.InvariantCulture));
}
