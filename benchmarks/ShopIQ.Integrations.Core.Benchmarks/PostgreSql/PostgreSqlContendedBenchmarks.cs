using System.Globalization;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Npgsql;
using ShopIQ.Integrations.Core.Benchmarks.Services;
using ShopIQ.Integrations.Core.PostgreSql;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// 16 concurrent writers, each doing <see cref="PairsPerWriter"/> connect + disconnect pairs of its own app,
/// all on one hot store or spread over 1,000 stores: the connected-apps service's full command path
/// (<see cref="Service"/>, <see cref="ServiceOffline"/>) and <see cref="PostgreSqlStoreRepository"/> alone (<see cref="Repository"/>) against the
/// naive four-statement transaction, at the server's durable defaults (<see cref="BenchDatabase"/>). Figures are per
/// pair (OperationsPerInvoke), so the ratio compares throughput.
/// </summary>
/// <remarks>
/// <para>
/// The sides meet contention differently. The baseline's <c>UPDATE</c> takes the store's row lock and holds
/// it for three more round trips and the commit's flush, so writers of one store queue on the lock. Ours is
/// optimistic: a writer that loaded a version someone else has since saved gets a version conflict, waits as the
/// connected-apps service does (a random 0 to 2^attempt ms) and loads, rebuilds and applies again; the conflicts are
/// counted and printed at the end. Within one process both of ours take the service's per-store gate, so writers of
/// one store take turns from load to save instead of colliding.
/// </para>
/// <para>
/// <see cref="Service"/> is one <see cref="ConnectedAppsService"/> instance, as one host process would run, with
/// each writer connecting through its own adapter that calls out (<see cref="InstantProvider"/>): reserve and save,
/// call, activate and save, then disconnect and save. It holds the snapshot of every store it served, so after a
/// store's first command its commands only save: 3 commits a pair, against the baseline's 2.
/// <see cref="ServiceOffline"/> is the same through adapters that make no call, as the built-in ones: reserve and
/// activate in one save, 2 commits a pair.
/// </para>
/// <para>
/// Every store is on a 50-slot plan with 4 apps connected, so all 16 writers fit at once and no connect is
/// refused on any side (refusals are counted all the same). In the hot case each iteration starts on a fresh
/// store, so the stores stay young; the 1,000 spread stores are created once and grow by less than one entry each
/// per invocation. After the runs every store is checked: each ledger of ours verifies, and on every side no ledger
/// row is over its allowance.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(1)]
public class PostgreSqlContendedBenchmarks
{
    private const int Writers = 16;
    private const int PairsPerWriter = 20;
    private const int SpreadStores = 1_000;

    private static readonly ProviderDescriptor[] Apps = [.. Enumerable.Range(0, Writers).Select(WriterApp)];

    private readonly List<StoreId> _ourStores = [];
    private BenchDatabase _database = null!;
    private NpgsqlDataSource _rawDataSource = null!;
    private RawSqlSlots _raw = null!;
    private RepositorySlots _ours = null!;
    private ConnectedAppsService _service = null!;
    private ConnectedAppsService _offlineService = null!;
    private int[][] _storeOfPair = null!;
    private string[] _rawStores = [];
    private StoreId[] _ourStoreIds = [];
    private long _rawRefusals;
    private long _serviceRefusals;
    private long _keys;
    private int _iteration;

    /// <summary>"hot": every writer on one store; "spread": writers on 1,000 stores, each pair on a store drawn at random.</summary>
    [Params("hot", "spread")]
    public string Stores { get; set; } = "hot";

    /// <summary>Creates this process's database, both schemas and, when spread, the 1,000 stores on each side.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.Create(Stores);
        RepositorySlots.CreateSchemaAsync(_database.ConnectionString).GetAwaiter().GetResult();
        _ours = new RepositorySlots(_database.ConnectionString);
        _service = StoreHistory.NewService(_ours.Repository, SystemClock.Instance, [.. Apps.Select(app => new InstantProvider(app, callsOut: true))]);
        _offlineService = StoreHistory.NewService(_ours.Repository, SystemClock.Instance, [.. Apps.Select(app => new InstantProvider(app, callsOut: false))]);
        var raw = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxAutoPrepare = 16 };
        _rawDataSource = NpgsqlDataSource.Create(raw.ConnectionString);
        _raw = new RawSqlSlots(_rawDataSource);
        _raw.CreateTablesAsync().GetAwaiter().GetResult();

        // The same stores, drawn the same way, for both sides.
        var storeCount = Stores == "hot" ? 1 : SpreadStores;
        _storeOfPair = [.. Enumerable.Range(0, Writers).Select(w =>
        {
            var random = new Random(w);
            return Enumerable.Range(0, PairsPerWriter).Select(_ => random.Next(storeCount)).ToArray();
        })];

        if (Stores == "spread")
        {
            _rawStores = [.. Enumerable.Range(0, SpreadStores).Select(i => string.Create(CultureInfo.InvariantCulture, $"raw-{i}"))];
            _ourStoreIds = [.. Enumerable.Range(0, SpreadStores).Select(i => new StoreId(string.Create(CultureInfo.InvariantCulture, $"ours-{i}")))];
            Parallel.ForEach(
                Enumerable.Range(0, SpreadStores),
                new ParallelOptions { MaxDegreeOfParallelism = 8 },
                i =>
                {
                    _raw.CreateStoreAsync(_rawStores[i], RepositorySlots.Allowance, [.. RepositorySlots.SeededApps.Select(a => a.Key.Value)]).GetAwaiter().GetResult();
                    _ours.OpenStoreAsync(_ourStoreIds[i]).GetAwaiter().GetResult();
                });
            _ourStores.AddRange(_ourStoreIds);
        }
    }

    /// <summary>When hot, a fresh raw store for the iteration.</summary>
    [IterationSetup(Target = nameof(RawSql))]
    public void NewRawStore()
    {
        if (Stores == "hot")
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"raw-hot-{++_iteration}");
            _raw.CreateStoreAsync(id, RepositorySlots.Allowance, [.. RepositorySlots.SeededApps.Select(a => a.Key.Value)]).GetAwaiter().GetResult();
            _rawStores = [id];
        }
    }

    /// <summary>When hot, a fresh store of ours for the iteration.</summary>
    [IterationSetup(Targets = [nameof(Repository), nameof(Service), nameof(ServiceOffline)])]
    public void NewOurStore()
    {
        if (Stores == "hot")
        {
            var id = new StoreId(string.Create(CultureInfo.InvariantCulture, $"ours-hot-{++_iteration}"));
            _ours.OpenStoreAsync(id).GetAwaiter().GetResult();
            _ourStoreIds = [id];
            _ourStores.Add(id);
        }
    }

    /// <summary>Prints the conflicts and refusals, checks that neither side broke the guarantee, then drops the database.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            Console.WriteLine($"// PostgreSqlContended({Stores}): repository conflicts {_ours.Conflicts}, refusals {_ours.Refusals}; service connects not activated {Interlocked.Read(ref _serviceRefusals)}; raw refusals {Interlocked.Read(ref _rawRefusals)}.");
            var rawRows = _raw.VerifyAsync().GetAwaiter().GetResult();
            var ourEntries = RepositorySlots.VerifyAsync(_database.ConnectionString, _ourStores).GetAwaiter().GetResult();
            Console.WriteLine($"// PostgreSqlContended({Stores}): verified {ourEntries} ledger entries of ours in {_ourStores.Count} stores and {rawRows} raw ledger rows.");
        }
        finally
        {
            _service.Dispose();
            _offlineService.Dispose();
            _ours.Dispose();
            _rawDataSource.Dispose();
            _database.Dispose();
        }
    }

    /// <summary>The naive baseline, 16 writers at once.</summary>
    /// <returns>A task that completes when every writer is done.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Writers * PairsPerWriter)]
    public Task RawSql() => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
    {
        var app = Apps[w].Key.Value;
        foreach (var s in _storeOfPair[w])
        {
            if (!await _raw.ConnectAsync(_rawStores[s], app).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _rawRefusals);
                continue;
            }

            if (!await _raw.DisconnectAsync(_rawStores[s], app).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Raw writer {w} could not disconnect {app} from {_rawStores[s]}.");
            }
        }
    })));

    /// <summary>Ours, 16 writers at once, retrying on version conflicts.</summary>
    /// <returns>A task that completes when every writer is done.</returns>
    [Benchmark(OperationsPerInvoke = Writers * PairsPerWriter)]
    public Task Repository() => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
    {
        var app = Apps[w];
        foreach (var s in _storeOfPair[w])
        {
            if (!await _ours.ConnectAsync(_ourStoreIds[s], app).ConfigureAwait(false))
            {
                continue;
            }

            if (!await _ours.DisconnectAsync(_ourStoreIds[s], app).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Writer {w} could not disconnect {app.Key} from {_ourStoreIds[s]}.");
            }
        }
    })));

    /// <summary>The service, 16 writers at once, each through its own adapter that calls out.</summary>
    /// <returns>A task that completes when every writer is done.</returns>
    [Benchmark(OperationsPerInvoke = Writers * PairsPerWriter)]
    public Task Service() => ServiceWritersAsync(_service);

    /// <summary>The service, 16 writers at once, each through its own adapter that makes no call.</summary>
    /// <returns>A task that completes when every writer is done.</returns>
    [Benchmark(OperationsPerInvoke = Writers * PairsPerWriter)]
    public Task ServiceOffline() => ServiceWritersAsync(_offlineService);

    private Task ServiceWritersAsync(ConnectedAppsService service) => Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
    {
        var app = Apps[w].Key;
        foreach (var s in _storeOfPair[w])
        {
            var store = _ourStoreIds[s];
            var connected = await service.ConnectAsync(new ConnectAppCommand(store, app, ProviderSetup.Empty, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
            if (connected.Status != OutcomeStatus.Connected)
            {
                Interlocked.Increment(ref _serviceRefusals);
                continue;
            }

            var disconnected = await service.DisconnectAsync(new DisconnectAppCommand(store, app, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
            if (disconnected.Status != OutcomeStatus.Disconnected)
            {
                throw new InvalidOperationException($"Service writer {w} could not disconnect {app} from {store}: {disconnected}");
            }
        }
    })));

    /// <summary>A fresh idempotency key per command, as a caller must give; the string is part of the caller's cost.</summary>
    private IdempotencyKey NextKey() => new(Interlocked.Increment(ref _keys).ToString(CultureInfo.InvariantCulture));
}
