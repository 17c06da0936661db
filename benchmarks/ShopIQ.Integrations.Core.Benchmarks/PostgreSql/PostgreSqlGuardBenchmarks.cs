using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NodaTime;
using Npgsql;
using ShopIQ.Integrations.Core.Benchmarks.Services;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// What schema version 4's guards cost: the service's full connect + disconnect pair (as in
/// <see cref="PostgreSqlPairBenchmarks"/>) on a database with the guards, the baseline, and on one where every trigger
/// of version 4 has been dropped, in the same process, on the same server, at its durable defaults (<see cref="BenchDatabase"/>).
/// </summary>
/// <remarks>
/// <para>
/// Both databases run the same version-4 script (the same <c>save_change</c>); the unguarded one then drops the triggers,
/// and its repository never runs the script again (<c>CreateSchema = false</c>), so they stay dropped (checked after the
/// run). Every iteration starts each side on a fresh store with 4 apps connected on a 50-slot plan.
/// </para>
/// <para>
/// What the guards add to a pair: through an adapter that calls out (3 <c>save_entry</c> calls: reserve, activate,
/// disconnect) the constraint trigger checks the store 8 times at 3 commits (reserve: the store row, the connection
/// row, the ledger row; activate: the store row and the ledger row, the connection's state change counts nothing;
/// disconnect: 3 again), each a few index lookups, and the idempotency guard checks once (activate completes the
/// reserve's unfinished record); through the offline adapter (2 calls) the store is checked 7 times at 2 commits and
/// no record is updated. Ledger rows and new records are only inserted, which no row guard watches.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(PairsPerIteration)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PostgreSqlGuardBenchmarks
{
    private const int PairsPerIteration = 200;
    private const string CallsOut = "adapter calls out";
    private const string Offline = "offline adapter";

    private const string TriggerCountSql =
        "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN " +
        "('shopiq.stores'::regclass, 'shopiq.connections'::regclass, 'shopiq.ledger'::regclass, 'shopiq.idempotency_records'::regclass)";

    private const string DropGuardsSql =
        "DO $$ DECLARE t record; BEGIN " +
        "FOR t IN SELECT tgname, tgrelid::regclass AS rel FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN " +
        "('shopiq.stores'::regclass, 'shopiq.connections'::regclass, 'shopiq.ledger'::regclass, 'shopiq.idempotency_records'::regclass) " +
        "LOOP EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel); END LOOP; END $$";

    /// <summary>The command-line switch of <see cref="RunInterleaved"/>: <c>--guards-ab [rounds]</c>.</summary>
    public const string Switch = "--guards-ab";

    private readonly ProviderDescriptor _app = WriterApp(0);
    private Side _guarded = null!;
    private Side _unguarded = null!;

    /// <summary>Creates both databases and services, drops the guards on one, and checks every side connects and disconnects.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var guarded = BenchDatabase.Create("guards");
        _guarded = new Side(guarded, dropGuards: false, _app);
        _unguarded = new Side(guarded.CreateSibling("noguards"), dropGuards: true, _app);
        Console.WriteLine($"// Triggers on the shopiq tables: {_guarded.Triggers()} with the guards, {_unguarded.Triggers()} without.");
        Require(_guarded.Triggers() == 10 && _unguarded.Triggers() == 0, "the two databases do not differ by the guards alone");
        foreach (var side in new[] { _guarded, _unguarded })
        {
            side.NewStore();
            Require(side.PairAsync(_app, ProviderSetup.Empty).GetAwaiter().GetResult(), "the service did not connect and disconnect through an adapter that calls out");
            Require(side.PairAsync(BuiltInProviders.MetaPixel, StoreHistory.MetaPixelSetup).GetAwaiter().GetResult(), "the service did not connect and disconnect through the offline adapter");
        }
    }

    /// <summary>Opens a fresh store on each side for the iteration.</summary>
    [IterationSetup]
    public void NewStores()
    {
        _guarded.NewStore();
        _unguarded.NewStore();
    }

    /// <summary>Checks the unguarded side stayed unguarded and both ledgers verify, then drops both databases.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            Console.WriteLine($"// After the run: {_guarded.Triggers()} triggers with the guards, {_unguarded.Triggers()} without.");
            Console.WriteLine($"// PostgreSqlGuards: verified {_guarded.Verify()} ledger entries with the guards and {_unguarded.Verify()} without.");
        }
        finally
        {
            _unguarded.Dispose();
            _guarded.Dispose();
        }
    }

    /// <summary>With the guards: connect through an adapter that calls out (reserve, call, activate), then disconnect.</summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(CallsOut)]
    public bool GuardedPair() => _guarded.PairAsync(_app, ProviderSetup.Empty).GetAwaiter().GetResult();

    /// <summary>Without the guards: the same pair.</summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark]
    [BenchmarkCategory(CallsOut)]
    public bool UnguardedPair() => _unguarded.PairAsync(_app, ProviderSetup.Empty).GetAwaiter().GetResult();

    /// <summary>With the guards: connect through the built-in offline Meta Pixel adapter (one save), then disconnect.</summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Offline)]
    public bool GuardedOfflinePair() => _guarded.PairAsync(BuiltInProviders.MetaPixel, StoreHistory.MetaPixelSetup).GetAwaiter().GetResult();

    /// <summary>Without the guards: the same pair.</summary>
    /// <returns>Whether both succeeded.</returns>
    [Benchmark]
    [BenchmarkCategory(Offline)]
    public bool UnguardedOfflinePair() => _unguarded.PairAsync(BuiltInProviders.MetaPixel, StoreHistory.MetaPixelSetup).GetAwaiter().GetResult();

    /// <summary>
    /// The same comparison, interleaved in one process: each round opens a fresh store on each side and runs
    /// <paramref name="pairsPerRound"/> pairs on one side, then as many on the other (the side that goes first
    /// alternating), so a machine whose load changes during the run slows both sides alike. Prints, per adapter, the
    /// mean time of a pair on each side with its 95% confidence interval, and the guarded / unguarded ratio of each
    /// round (paired, the robust figure) with its mean and interval.
    /// </summary>
    /// <param name="rounds">Measured rounds per adapter (after two unmeasured warm-up rounds).</param>
    /// <param name="pairsPerRound">Pairs per side per round.</param>
    public static void RunInterleaved(int rounds, int pairsPerRound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairsPerRound);
        var bench = new PostgreSqlGuardBenchmarks();
        bench.Setup();
        try
        {
            Console.WriteLine($"| adapter | with guards (ms/pair) | without (ms/pair) | ratio of means | paired ratio, mean ± 95% CI | rounds × pairs |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (name, guarded, unguarded) in new (string, Func<bool>, Func<bool>)[]
            {
                (CallsOut, bench.GuardedPair, bench.UnguardedPair),
                (Offline, bench.GuardedOfflinePair, bench.UnguardedOfflinePair),
            })
            {
                var withGuards = new List<double>();
                var without = new List<double>();
                for (var round = -2; round < rounds; round++)
                {
                    bench.NewStores();
                    var first = round % 2 == 0;
                    var a = Time(first ? guarded : unguarded, pairsPerRound);
                    var b = Time(first ? unguarded : guarded, pairsPerRound);
                    if (round >= 0)
                    {
                        withGuards.Add(first ? a : b);
                        without.Add(first ? b : a);
                    }
                }

                var ratios = withGuards.Zip(without, (g, u) => g / u).ToList();
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {name} | {Mean(withGuards):F3} ± {HalfWidth(withGuards):F3} | {Mean(without):F3} ± {HalfWidth(without):F3} | {Mean(withGuards) / Mean(without):F3} | {Mean(ratios):F3} ± {HalfWidth(ratios):F3} | {rounds} × {pairsPerRound} |"));
            }
        }
        finally
        {
            bench.Cleanup();
        }

        static double Time(Func<bool> pair, int count)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                Require(pair(), "a pair did not connect and disconnect");
            }

            return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds / count;
        }

        static double Mean(List<double> values) => values.Average();

        // The normal approximation (1.96 standard errors): enough to say whether a difference stands out of the noise.
        static double HalfWidth(List<double> values)
        {
            var mean = values.Average();
            var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
            return 1.96 * Math.Sqrt(variance / values.Count);
        }
    }

    /// <summary>One database with its repository and service.</summary>
    private sealed class Side : IDisposable
    {
        private readonly BenchDatabase _database;
        private readonly RepositorySlots _slots;
        private readonly ConnectedAppsService _service;
        private readonly List<StoreId> _stores = [];
        private readonly string _prefix;
        private StoreId _store = null!;
        private long _keys;

        public Side(BenchDatabase database, bool dropGuards, ProviderDescriptor app)
        {
            _database = database;
            _prefix = dropGuards ? "unguarded" : "guarded";
            RepositorySlots.CreateSchemaAsync(database.ConnectionString).GetAwaiter().GetResult();
            if (dropGuards)
            {
                Execute(DropGuardsSql);
            }

            // The unguarded side's repository must not run the script again: it would put the guards back.
            _slots = new RepositorySlots(database.ConnectionString, createSchema: !dropGuards);
            _service = StoreHistory.NewService(_slots.Repository, SystemClock.Instance, [new InstantProvider(app, callsOut: true), new MetaPixelProvider()]);
        }

        public void NewStore()
        {
            _store = new StoreId(string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{_stores.Count + 1}"));
            _stores.Add(_store);
            _slots.OpenStoreAsync(_store).GetAwaiter().GetResult();
        }

        public async Task<bool> PairAsync(ProviderDescriptor app, ProviderSetup setup)
        {
            var connected = await _service.ConnectAsync(new ConnectAppCommand(_store, app.Key, setup, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
            var disconnected = await _service.DisconnectAsync(new DisconnectAppCommand(_store, app.Key, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
            return connected.Status == OutcomeStatus.Connected && disconnected.Status == OutcomeStatus.Disconnected;
        }

        public long Triggers()
        {
            using var connection = new NpgsqlConnection(_database.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(TriggerCountSql, connection);
            return (long)command.ExecuteScalar()!;
        }

        public long Verify() => RepositorySlots.VerifyAsync(_database.ConnectionString, _stores).GetAwaiter().GetResult();

        public void Dispose()
        {
            _service.Dispose();
            _slots.Dispose();
            _database.Dispose();
        }

        private void Execute(string sql)
        {
            using var connection = new NpgsqlConnection(_database.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        private IdempotencyKey NextKey() => new((++_keys).ToString(CultureInfo.InvariantCulture));
    }
}
