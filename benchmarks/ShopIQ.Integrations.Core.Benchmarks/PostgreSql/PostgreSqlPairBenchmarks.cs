using System.Globalization;
using BenchmarkDotNet.Attributes;
using Npgsql;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// One connect + disconnect pair by one writer, through <see cref="PostgreSqlStoreRepository"/> (load, replay,
/// apply, save; twice) against the naive baseline: one four-statement transaction per operation on plain tables.
/// </summary>
/// <remarks>
/// <para>
/// Every store has 4 apps connected on a 50-slot plan before anything is measured. The repository's load
/// replays the store's ledger, which grows by two entries a pair, so each iteration starts on a fresh store
/// ([IterationSetup], which BenchmarkDotNet only allows with a fixed invocation count): the ledger stays under
/// 2 × <see cref="PairsPerIteration"/> + 5 entries, hundreds, as a real store's does. The baseline gets a fresh
/// store every iteration too, so both sides write to equally young tables.
/// </para>
/// <para>
/// Round trips per pair: ours 4 (load, save_change, load, save_change; the loads read only entries the
/// repository has not cached); the baseline 8 (UPDATE, INSERT, INSERT, COMMIT, twice; Npgsql sends BEGIN
/// with the first statement). Both use a pooled connection per operation with automatic preparation.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(PairsPerIteration)]
public class PostgreSqlPairBenchmarks
{
    private const int PairsPerIteration = 200;

    private readonly ProviderDescriptor _app = RepositorySlots.WriterApp(0);
    private BenchDatabase _database = null!;
    private NpgsqlDataSource _rawDataSource = null!;
    private RawSqlSlots _raw = null!;
    private RepositorySlots _ours = null!;
    private readonly List<StoreId> _ourStores = [];
    private string _rawStore = "";
    private StoreId _ourStore = null!;
    private int _iteration;

    /// <summary>Creates this process's database, both schemas, and checks both sides connect and disconnect.</summary>
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
    }

    /// <summary>Opens a fresh raw store for the iteration.</summary>
    [IterationSetup(Target = nameof(RawSqlPair))]
    public void NewRawStore()
    {
        _rawStore = string.Create(CultureInfo.InvariantCulture, $"raw-{++_iteration}");
        _raw.CreateStoreAsync(_rawStore, RepositorySlots.Allowance, [.. RepositorySlots.SeededApps.Select(a => a.Key.Value)]).GetAwaiter().GetResult();
    }

    /// <summary>Opens a fresh store of ours for the iteration.</summary>
    [IterationSetup(Targets = [nameof(RepositoryPair), nameof(RepositorySaveOnlyPair)])]
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

    /// <summary>Ours: load, replay, connect, save; then load, replay, disconnect, save.</summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark]
    public bool RepositoryPair() =>
        _ours.ConnectAsync(_ourStore, _app).GetAwaiter().GetResult()
        && _ours.DisconnectAsync(_ourStore, _app).GetAwaiter().GetResult();

    /// <summary>
    /// Ours, the database's share only: a writer that holds the current store (it made the last change) applies
    /// connect and disconnect to it and saves each, one save_change call apiece, without reading first. The
    /// connected-apps service does read before every command (it must see other instances' changes and the
    /// command's idempotency record), so this is the write path alone, for comparison with the baseline's
    /// writes; <see cref="RepositoryPair"/> is the full cost.
    /// </summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark]
    public bool RepositorySaveOnlyPair() =>
        _ours.ConnectHeldAsync(_ourStore, _app).GetAwaiter().GetResult()
        && _ours.DisconnectHeldAsync(_ourStore, _app).GetAwaiter().GetResult();
}
