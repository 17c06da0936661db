using System.Globalization;
using BenchmarkDotNet.Attributes;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using ShopIQ.Integrations.Core.Benchmarks.Services;
using ShopIQ.Integrations.Core.PostgreSql;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// Whether a command costs more on an old store, on PostgreSQL: a <see cref="ConnectedAppsService.ConnectAsync"/> +
/// <see cref="ConnectedAppsService.DisconnectAsync"/> pair through the service and <see cref="PostgreSqlStoreRepository"/>,
/// on stores whose ledgers hold about 10, 1,000, 100,000 and 1,000,000 entries (<see cref="LedgerLength"/>), at the
/// server's durable defaults (<see cref="BenchDatabase"/>). Each figure is per pair. The goal: the pair on the
/// 1,000,000-entry store at most 1.2 × the pair on the 10-entry store.
/// </summary>
/// <remarks>
/// <para>
/// The same two pairs as <see cref="StoreAgeBenchmarks"/>: <see cref="CallingOutPair"/> (reserve, call, activate,
/// disconnect: three <c>save_entry</c> calls) and <see cref="OfflinePair"/> (reserve and activate in one
/// <c>save_change</c> call, disconnect in one <c>save_entry</c>). The service holds the store's snapshot after its first
/// command, so a pair reads nothing: its round trips are its saves, each a commit flushed to disk. Ratios are between
/// the <see cref="LedgerLength"/> rows of one run, divided in the results file.
/// </para>
/// <para>
/// Stores: a history of the length (<see cref="StoreHistory.Build"/>) is written once per process and saved through
/// the repository, 10,000 entries a save (a million entries take about half a minute), then the database is vacuumed
/// and checkpointed (<see cref="BenchDatabase.Settle"/>), as an old store's tables would be. The 100,000- and
/// 1,000,000-entry stores take every iteration's pairs: they grow by three entries a pair, less than 1% and 10% over
/// a run. The 10- and 1,000-entry stores would not stay near their length that way, so each iteration gets a fresh
/// one ([IterationSetup], hence the fixed invocation count), whose first command reads it cold. After the run the
/// current store's whole ledger is read back and verified, and its length must be its history's plus three entries
/// for every pair run on it.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(PairsPerIteration)]
public class PostgreSqlStoreAgeBenchmarks
{
    private const int PairsPerIteration = 100;
    private const int FreshStoreLimit = 1_000;
    private const int SeedBatch = 10_000;

    private static readonly ProviderDescriptor CallingOutApp = WriterApp(0);
    private static readonly ProviderDescriptor OfflineApp = BuiltInProviders.MetaPixel;

    private readonly FixedClock _clock = new(StoreHistory.Now);
    private BenchDatabase _database = null!;
    private PostgreSqlStoreRepository _repository = null!;
    private ConnectedAppsService _service = null!;
    private IReadOnlyList<SlotLedgerEntry> _history = [];
    private StoreId _store = null!;
    private int _stores;
    private int _pairsOnStore;
    private long _keys;

    /// <summary>How many entries the store's ledger holds before the measured pairs.</summary>
    [Params(10, 1_000, 100_000, 1_000_000)]
    public int LedgerLength { get; set; }

    /// <summary>Creates this process's database, writes and saves the history, and checks both pairs connect and disconnect.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.Create("age");
        _repository = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = _database.ConnectionString });
        _service = StoreHistory.NewService(_repository, _clock, [new InstantProvider(CallingOutApp, callsOut: true), new MetaPixelProvider()]);
        _history = StoreHistory.Build(new StoreId("history"), LedgerLength, _service.Policy).Ledger.Entries;
        NewStore(always: true);
        _database.Settle();
        Require(CallingOutPair().GetAwaiter().GetResult().Status == OutcomeStatus.Disconnected, $"{CallingOutApp.DisplayName} did not connect and disconnect");
        Require(OfflinePair().GetAwaiter().GetResult().Status == OutcomeStatus.Disconnected, $"{OfflineApp.DisplayName} did not connect and disconnect");
    }

    /// <summary>A fresh store holding the history, for a 10- or 1,000-entry store; the long stores keep theirs.</summary>
    [IterationSetup]
    public void NewStore() => NewStore(always: false);

    /// <summary>Checks the current store, prints its length, and drops the database.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            var ledger = _repository.ReadLedgerAsync(_store, CancellationToken.None).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"Store {_store} is missing.");
            var verification = ledger.Verify();
            Require(verification.IsValid, $"the ledger of {_store} does not verify: {verification}");
            Require(ledger.LastSequence == _history.Count + (3L * _pairsOnStore), $"{_store} has {ledger.LastSequence} entries after {_pairsOnStore} pairs on a history of {_history.Count}: a pair did not complete");
            Console.WriteLine($"// PostgreSqlStoreAge({LedgerLength}): history of {_history.Count:N0} entries; {_store} verified at {ledger.LastSequence:N0} entries after {_pairsOnStore:N0} pairs.");
        }
        finally
        {
            _service.Dispose();
            _repository.Dispose();
            _database.Dispose();
        }
    }

    /// <summary>Connect and disconnect through an adapter that calls out: three saves.</summary>
    /// <returns>The disconnect's result.</returns>
    [Benchmark]
    public Task<ConnectedAppsResult> CallingOutPair() => PairAsync(CallingOutApp, ProviderSetup.Empty);

    /// <summary>Connect and disconnect through the built-in offline Meta Pixel adapter: two saves.</summary>
    /// <returns>The disconnect's result.</returns>
    [Benchmark]
    public Task<ConnectedAppsResult> OfflinePair() => PairAsync(OfflineApp, StoreHistory.MetaPixelSetup);

    private void NewStore(bool always)
    {
        if (!always && LedgerLength > FreshStoreLimit)
        {
            return;
        }

        _store = new StoreId(string.Create(CultureInfo.InvariantCulture, $"store-{++_stores}"));
        _pairsOnStore = 0;
        var store = Store.FromLedger(SlotLedger.FromEntries(_store, _history), _service.Policy, _clock);
        StoreHistory.SaveAsync(_repository, store, SeedBatch).GetAwaiter().GetResult();
    }

    private async Task<ConnectedAppsResult> PairAsync(ProviderDescriptor app, ProviderSetup setup)
    {
        _pairsOnStore++;
        await _service.ConnectAsync(new ConnectAppCommand(_store, app.Key, setup, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
        return await _service.DisconnectAsync(new DisconnectAppCommand(_store, app.Key, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A fresh idempotency key per command, as a caller must give; the string is part of the caller's cost.</summary>
    private IdempotencyKey NextKey() => new((++_keys).ToString(CultureInfo.InvariantCulture));
}
