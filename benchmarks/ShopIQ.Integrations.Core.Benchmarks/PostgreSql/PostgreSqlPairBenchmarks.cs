using System.Globalization;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Npgsql;
using ShopIQ.Integrations.Core.Benchmarks.Services;
using ShopIQ.Integrations.Core.PostgreSql;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// One connect + disconnect pair by one writer against the naive baseline (one four-statement transaction per
/// operation on plain tables): through the connected-apps service's full command path (<see cref="ServicePair"/>,
/// <see cref="ServiceOfflinePair"/>), and through <see cref="PostgreSqlStoreRepository"/> alone (load, rebuild from
/// the snapshot, apply, save; twice), at the server's durable defaults (<see cref="BenchDatabase"/>).
/// </summary>
/// <remarks>
/// <para>
/// Every store has 4 apps connected on a 50-slot plan before anything is measured, and each iteration starts on a
/// fresh store ([IterationSetup], which BenchmarkDotNet only allows with a fixed invocation count), on both sides, so
/// both write to equally young stores and tables. A load reads the store's row with its snapshot, never the ledger,
/// so the store's length no longer matters to it (<see cref="PostgreSqlStoreAgeBenchmarks"/> measures that).
/// </para>
/// <para>
/// Round trips per pair, each statement or function call one, each commit a flush to disk: the baseline 8 (UPDATE,
/// INSERT, INSERT, COMMIT, twice; Npgsql sends BEGIN with the first statement, 2 commits). The service, which holds
/// the snapshot of a store it served and lets the save's version check find a store changed elsewhere, reads a store
/// once (its first command in the iteration) and then only saves: through an adapter that calls out
/// (<see cref="ServicePair"/>) 3 <c>save_entry</c> calls (reserve, activate, disconnect: 3 commits); through the
/// built-in offline Meta Pixel adapter (<see cref="ServiceOfflinePair"/>) 2 (reserve and activate in one
/// <c>save_change</c>, disconnect: 2 commits). The repository alone (<see cref="RepositoryPair"/>) 4: load,
/// <c>save_entry</c>, load, <c>save_entry</c> (2 commits). All use a pooled connection per operation with automatic
/// preparation.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(PairsPerIteration)]
public class PostgreSqlPairBenchmarks
{
    private const int PairsPerIteration = 200;

    private readonly ProviderDescriptor _app = WriterApp(0);
    private readonly ProviderDescriptor _offlineApp = BuiltInProviders.MetaPixel;
    private BenchDatabase _database = null!;
    private NpgsqlDataSource _rawDataSource = null!;
    private RawSqlSlots _raw = null!;
    private RepositorySlots _ours = null!;
    private ConnectedAppsService _service = null!;
    private long _keys;
    private readonly List<StoreId> _ourStores = [];
    private string _rawStore = "";
    private StoreId _ourStore = null!;
    private int _iteration;

    /// <summary>Creates this process's database, both schemas and the service, and checks every side connects and disconnects.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.Create("pair");
        RepositorySlots.CreateSchemaAsync(_database.ConnectionString).GetAwaiter().GetResult();
        _ours = new RepositorySlots(_database.ConnectionString);

        // Automatic preparation, as the repository sets for its own pool, so neither side re-plans its statements.
        var raw = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxAutoPrepare = 16 };
        _rawDataSource = NpgsqlDataSource.Create(raw.ConnectionString);
        _raw = new RawSqlSlots(_rawDataSource);
        _raw.CreateTablesAsync().GetAwaiter().GetResult();

        NewRawStore();
        Require(RawSqlPair(), "the raw baseline did not connect and disconnect");
        NewOurStore();
        Require(RepositoryPair(), "the repository did not connect and disconnect");
        _service = StoreHistory.NewService(_ours.Repository, SystemClock.Instance, [new InstantProvider(_app, callsOut: true), new MetaPixelProvider()]);
        NewOurStore();
        Require(ServicePair(), "the service did not connect and disconnect through an adapter that calls out");
        Require(ServiceOfflinePair(), "the service did not connect and disconnect through the offline adapter");
    }

    /// <summary>Opens a fresh raw store for the iteration.</summary>
    [IterationSetup(Target = nameof(RawSqlPair))]
    public void NewRawStore()
    {
        _rawStore = string.Create(CultureInfo.InvariantCulture, $"raw-{++_iteration}");
        _raw.CreateStoreAsync(_rawStore, RepositorySlots.Allowance, [.. RepositorySlots.SeededApps.Select(a => a.Key.Value)]).GetAwaiter().GetResult();
    }

    /// <summary>Opens a fresh store of ours for the iteration.</summary>
    [IterationSetup(Targets = [nameof(RepositoryPair), nameof(RepositorySaveOnlyPair), nameof(ServicePair), nameof(ServiceOfflinePair)])]
    public void NewOurStore()
    {
        _ourStore = new StoreId(string.Create(CultureInfo.InvariantCulture, $"ours-{++_iteration}"));
        _ourStores.Add(_ourStore);
        _ours.OpenStoreAsync(_ourStore).GetAwaiter().GetResult();
    }

    /// <summary>Checks that neither side broke the guarantee, then drops the database.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            var rawRows = _raw.VerifyAsync().GetAwaiter().GetResult();
            var ourEntries = RepositorySlots.VerifyAsync(_database.ConnectionString, _ourStores).GetAwaiter().GetResult();
            Console.WriteLine($"// PostgreSqlPair: verified {ourEntries} ledger entries of ours in {_ourStores.Count} stores and {rawRows} raw ledger rows; conflicts {_ours.Conflicts}, refusals {_ours.Refusals}.");
        }
        finally
        {
            _service.Dispose();
            _ours.Dispose();
            _rawDataSource.Dispose();
            _database.Dispose();
        }
    }

    /// <summary>The naive baseline: a four-statement transaction to connect, its mirror to disconnect.</summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark(Baseline = true)]
    public bool RawSqlPair() =>
        _raw.ConnectAsync(_rawStore, _app.Key.Value).GetAwaiter().GetResult()
        && _raw.DisconnectAsync(_rawStore, _app.Key.Value).GetAwaiter().GetResult();

    /// <summary>The repository alone: load, rebuild from the snapshot, connect, save; then load, rebuild, disconnect, save.</summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark]
    public bool RepositoryPair() =>
        _ours.ConnectAsync(_ourStore, _app).GetAwaiter().GetResult()
        && _ours.DisconnectAsync(_ourStore, _app).GetAwaiter().GetResult();

    /// <summary>
    /// Ours, the database's share only: a writer that holds the current store (it made the last change) applies
    /// connect and disconnect to it and saves each, one save_entry call apiece, without reading first. The
    /// connected-apps service does read before every command (it must see other instances' changes and the
    /// command's idempotency record), so this is the write path alone, for comparison with the baseline's
    /// writes; <see cref="RepositoryPair"/> is the full cost.
    /// </summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark]
    public bool RepositorySaveOnlyPair() =>
        _ours.ConnectHeldAsync(_ourStore, _app).GetAwaiter().GetResult()
        && _ours.DisconnectHeldAsync(_ourStore, _app).GetAwaiter().GetResult();

    /// <summary>
    /// The service's full command path, one writer: <see cref="ConnectedAppsService.ConnectAsync"/> through an adapter
    /// that calls out (reserve and save, call, activate and save) and <see cref="ConnectedAppsService.DisconnectAsync"/>,
    /// each with its idempotency key and record, version check, snapshot and events.
    /// </summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark]
    public bool ServicePair() => ServicePairAsync(_app, ProviderSetup.Empty).GetAwaiter().GetResult();

    /// <summary>The service's full command path through the built-in offline Meta Pixel adapter: the connect is one save.</summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark]
    public bool ServiceOfflinePair() => ServicePairAsync(_offlineApp, StoreHistory.MetaPixelSetup).GetAwaiter().GetResult();

    private async Task<bool> ServicePairAsync(ProviderDescriptor app, ProviderSetup setup)
    {
        var connected = await _service.ConnectAsync(new ConnectAppCommand(_ourStore, app.Key, setup, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
        var disconnected = await _service.DisconnectAsync(new DisconnectAppCommand(_ourStore, app.Key, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
        return connected.Status == OutcomeStatus.Connected && disconnected.Status == OutcomeStatus.Disconnected;
    }

    /// <summary>A fresh idempotency key per command, as a caller must give; the string is part of the caller's cost.</summary>
    private IdempotencyKey NextKey() => new((++_keys).ToString(CultureInfo.InvariantCulture));
}
