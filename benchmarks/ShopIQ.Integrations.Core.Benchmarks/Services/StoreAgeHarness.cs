using System.Diagnostics;
using System.Globalization;
using NodaTime;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using ShopIQ.Integrations.Core.Benchmarks.PostgreSql;
using ShopIQ.Integrations.Core.PostgreSql;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.Services;

/// <summary>
/// The store-age measurements BenchmarkDotNet does not fit, because what is measured is a sequence, not a repeated
/// operation. Run with <c>dotnet run -c Release --project benchmarks/ShopIQ.Integrations.Core.Benchmarks -- --store-age [memory]</c>
/// (<c>memory</c>: only the in-memory part, no PostgreSQL needed).
/// </summary>
/// <remarks>
/// <para>
/// <b>Activity over a store's life</b>: 100,000 <see cref="ConnectedAppsService.RecordActivityAsync"/> calls on one
/// store, the clock moving 30 minutes a call, in turn through the store's four apps. With the default resolution of
/// one day, each app's activity reaches the ledger once a day: one call in twelve saves and the others are coalesced
/// (nothing appended, nothing saved). The calls are timed in blocks of 1,000; the goal is the last block at most
/// 1.2 × the first. Before any store is measured, calls on another store warm up for at least 20,000 calls and 5
/// seconds: a few thousand calls leave the JIT mid-tiering (measured: the same calls on a store that does not change
/// at all slow from 2.6 to 3.6 µs and back to 1.1 µs as methods are counted and recompiled), which would be taken for
/// age. In memory a block lasts a few milliseconds, so one GC pause or recompilation moves it: five stores are run one
/// after another and the ratio is their median. On PostgreSQL a block lasts a fraction of a second; one store.
/// </para>
/// <para>
/// <b>A fresh instance's first command</b> (PostgreSQL): a store with a 1,000,000-entry ledger and one with 10 are
/// seeded through the repository, and the database is brought to rest (<see cref="BenchDatabase.Settle"/>: vacuumed
/// and checkpointed, so autovacuum is not still working through the million rows). Then, in rounds alternating which
/// store goes first, a new service instance connects an app through an adapter that calls out (its first command:
/// read the store's row and snapshot, rebuild, reserve and save, call, activate and save), timed; its second command,
/// a disconnect on the now cached store, is timed too. Once with a new service on the already open connection pool
/// (what depends on the store), once with a new repository as well (a new process's first command, opening its
/// connection; with <see cref="PostgreSqlStoreOptions.CreateSchema"/> off, as the schema is there: a repository that
/// creates it runs <c>schema.sql</c> again on first use, and the replaced functions cost every other open connection
/// a re-plan, which would slow the next round's commands for reasons unrelated to the store). The goal: the first command on the old store at most 2 × on the young one. The load alone and the
/// snapshot's size are reported beside it.
/// </para>
/// <para>
/// <b>Warm pairs on both stores</b> (PostgreSQL): then one service instance connects and disconnects on the two
/// stores in alternating blocks of 25 pairs, 60 blocks each, through an adapter that calls out and through the
/// built-in offline adapter: the same comparison as <see cref="PostgreSqlStoreAgeBenchmarks"/>, but in one process,
/// one database and interleaved in time, so neither a quieter moment of the machine nor a younger database favours
/// one store.
/// </para>
/// <para>Figures are medians, and every ratio is within one run of this harness.</para>
/// </remarks>
public static class StoreAgeHarness
{
    /// <summary>The command-line switch that runs this harness instead of BenchmarkDotNet.</summary>
    public const string Switch = "--store-age";

    private const int ActivityCalls = 100_000;
    private const int WarmUpCalls = 20_000;
    private const int MemoryStores = 5;
    private const int Block = 1_000;
    private const int FirstCommandRounds = 30;
    private const int OldLength = 1_000_000;
    private const int YoungLength = 10;
    private const int SeedBatch = 10_000;
    private const int PostgreSqlPairBlocks = 60;
    private const int PostgreSqlPairsPerBlock = 25;
    private const int MemoryPairBlocks = 40;
    private const int MemoryPairsPerBlock = 1_000;

    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(5);
    private static readonly ProviderDescriptor App = WriterApp(0);
    private static long _keys;

    /// <summary>Measures and prints the results as markdown.</summary>
    /// <param name="args">The arguments after the switch: none for everything, or <c>memory</c>.</param>
    public static void Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var memoryOnly = args.Count > 0 && args[0] == "memory";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Store age harness ({Environment.Version}, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC)"));
        Console.WriteLine();
        ActivityOverLifeAsync("in-memory", new InMemoryStoreRepository(), MemoryStores).GetAwaiter().GetResult();
        MemoryPairsAsync().GetAwaiter().GetResult();
        if (memoryOnly)
        {
            return;
        }

        using var database = BenchDatabase.Create("age");
        using var repository = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString });
        ActivityOverLifeAsync("PostgreSQL", repository, 1).GetAwaiter().GetResult();
        FirstCommandAsync(database, repository).GetAwaiter().GetResult();
    }

    private static async Task ActivityOverLifeAsync(string name, IStoreRepository repository, int stores)
    {
        var clock = new ManualClock(StoreHistory.Now);
        using var service = StoreHistory.NewService(repository, clock, []);
        var warmUp = await SeedAsync(service, repository, "activity-warm-up", YoungLength, SeedBatch).ConfigureAwait(false);
        var warming = Stopwatch.StartNew();
        var warmUpCalls = 0;
        while (warmUpCalls < WarmUpCalls || warming.Elapsed < WarmUpTime)
        {
            await RecordActivityAsync(service, clock, warmUp, Block, null).ConfigureAwait(false);
            warmUpCalls += Block;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## RecordActivity over a store's life, {name}: {ActivityCalls:N0} calls, 30 minutes apart, on each of {stores} store(s)"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Warm-up: {warmUpCalls:N0} calls on another store, {warming.Elapsed.TotalSeconds:N1} s."));
        Console.WriteLine();
        Console.WriteLine("| store | ledger before → after | µs per call, first 1,000 | last 1,000 | last / first | median block | median µs per call in each tenth of the calls | B allocated per call |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|---:|");
        var ratios = new double[stores];
        for (var n = 0; n < stores; n++)
        {
            var store = await SeedAsync(service, repository, string.Create(CultureInfo.InvariantCulture, $"activity-{n}"), YoungLength, SeedBatch).ConfigureAwait(false);
            var before = (await service.ReadLedgerAsync(store, CancellationToken.None).ConfigureAwait(false))!.LastSequence;
            var blocks = new double[ActivityCalls / Block];
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            await RecordActivityAsync(service, clock, store, ActivityCalls, blocks).ConfigureAwait(false);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var ledger = (await service.ReadLedgerAsync(store, CancellationToken.None).ConfigureAwait(false))!;
            Require(ledger.Verify().IsValid, $"the ledger of {store} does not verify");
            var first = blocks[0] / Block;
            var last = blocks[^1] / Block;
            ratios[n] = last / first;
            var tenths = Enumerable.Range(0, 10).Select(t => Median(blocks.AsSpan(t * blocks.Length / 10, blocks.Length / 10)) / Block);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {n + 1} | {before:N0} → {ledger.LastSequence:N0} | {first:N2} | {last:N2} | {ratios[n]:N2}× | {Median(blocks) / Block:N2} | {string.Join(", ", tenths.Select(t => t.ToString("N2", CultureInfo.InvariantCulture)))} | {allocated / (double)ActivityCalls:N0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Last 1,000 / first 1,000, median over the stores: **{Median(ratios):N2}×**."));
        Console.WriteLine();
    }

    private static async Task RecordActivityAsync(ConnectedAppsService service, ManualClock clock, StoreId store, int calls, double[]? blocks)
    {
        var apps = StoreHistory.CriticalApps;
        var watch = new Stopwatch();
        for (var i = 0; i < calls; i++)
        {
            if (i % Block == 0)
            {
                watch.Restart();
            }

            clock.Advance(Duration.FromMinutes(30));
            var result = await service.RecordActivityAsync(new RecordActivityCommand(store, apps[i % apps.Count].Key, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
            if (result.Status != OutcomeStatus.ActivityRecorded)
            {
                throw new InvalidOperationException($"Activity on {store} was not recorded: {result}");
            }

            if (blocks is not null && i % Block == Block - 1)
            {
                blocks[i / Block] = watch.Elapsed.TotalMicroseconds;
            }
        }
    }

    private static async Task MemoryPairsAsync()
    {
        var repository = new InMemoryStoreRepository();
        StoreId old;
        using (var seeder = StoreHistory.NewService(repository, new FixedClock(StoreHistory.Now), []))
        {
            old = await SeedAsync(seeder, repository, "old", OldLength, SeedBatch).ConfigureAwait(false);
        }

        await InterleavedPairsAsync("in-memory", repository, old, MemoryPairsPerBlock, MemoryPairBlocks).ConfigureAwait(false);
    }

    private static async Task FirstCommandAsync(BenchDatabase database, PostgreSqlStoreRepository repository)
    {
        var clock = new FixedClock(StoreHistory.Now);
        StoreId old, young;
        var seeding = Stopwatch.StartNew();
        using (var seeder = StoreHistory.NewService(repository, clock, []))
        {
            old = await SeedAsync(seeder, repository, "old", OldLength, SeedBatch).ConfigureAwait(false);
            young = await SeedAsync(seeder, repository, "young", YoungLength, SeedBatch).ConfigureAwait(false);
        }

        seeding.Stop();
        database.Settle();
        var times = new Dictionary<(StoreId Store, string Measure), List<double>>();
        void Add(StoreId store, string measure, double microseconds)
        {
            if (!times.TryGetValue((store, measure), out var list))
            {
                times[(store, measure)] = list = [];
            }

            list.Add(microseconds);
        }

        // One untimed round first: the statements are prepared and the code is jitted before anything counts.
        for (var round = -1; round < FirstCommandRounds; round++)
        {
            foreach (var store in round % 2 == 0 ? new[] { old, young } : [young, old])
            {
                var load = Stopwatch.StartNew();
                var loaded = await repository.LoadAsync(store, null, CancellationToken.None).ConfigureAwait(false);
                load.Stop();
                Require(loaded.Snapshot is not null && loaded.Entries.Count == 0, $"{store} was not read as one snapshot");

                var (first, second) = await FreshInstanceAsync(repository, clock, store).ConfigureAwait(false);
                using var ownPool = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString, CreateSchema = false });
                var (cold, _) = await FreshInstanceAsync(ownPool, clock, store).ConfigureAwait(false);
                if (round >= 0)
                {
                    Add(store, "load", load.Elapsed.TotalMicroseconds);
                    Add(store, "first", first);
                    Add(store, "second", second);
                    Add(store, "cold", cold);
                    Add(store, "bytes", loaded.Snapshot!.ToBytes().Length);
                }
            }
        }

        var oldLedger = (await repository.ReadLedgerAsync(old, CancellationToken.None).ConfigureAwait(false))!;
        Require(oldLedger.Verify().IsValid, $"the ledger of {old} does not verify");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## A fresh instance's first command, PostgreSQL: {OldLength:N0}-entry store vs {YoungLength}-entry store, {FirstCommandRounds} rounds"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeding both stores through the repository ({SeedBatch:N0} entries a save) took {seeding.Elapsed.TotalSeconds:N1} s; the old store's whole ledger ({oldLedger.LastSequence:N0} entries) verifies."));
        Console.WriteLine();
        Console.WriteLine("| measure (median, µs) | 10-entry store | 1,000,000-entry store | old / young |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (measure, label) in new[]
        {
            ("first", "first command (connect), new service, pool open"),
            ("cold", "first command (connect), new service and new pool"),
            ("second", "second command (disconnect, store cached)"),
            ("load", "`LoadAsync` alone (row + snapshot)"),
            ("bytes", "snapshot size (bytes)"),
        })
        {
            var y = Median(times[(young, measure)].ToArray());
            var o = Median(times[(old, measure)].ToArray());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {y:N0} | {o:N0} | {o / y:N2}× |"));
        }

        Console.WriteLine();
        await InterleavedPairsAsync("PostgreSQL", repository, old, PostgreSqlPairsPerBlock, PostgreSqlPairBlocks).ConfigureAwait(false);
    }

    /// <summary>
    /// Warm pairs on the old store and on young ones, in alternating blocks on one service instance, through both
    /// adapters; each young block on a new 10-entry store, so the young side stays young however many blocks run.
    /// </summary>
    private static async Task InterleavedPairsAsync(string name, IStoreRepository repository, StoreId old, int pairsPerBlock, int blocks)
    {
        using var service = StoreHistory.NewService(repository, new FixedClock(StoreHistory.Now), [new InstantProvider(App, callsOut: true), new MetaPixelProvider()]);
        var adapters = new[] { ("calls out", App, ProviderSetup.Empty), ("offline (Meta Pixel)", BuiltInProviders.MetaPixel, StoreHistory.MetaPixelSetup) };
        var youngStores = 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## Warm pairs, {name}: the {OldLength:N0}-entry store vs {YoungLength}-entry stores, {blocks} blocks of {pairsPerBlock:N0} pairs on each side, alternating"));
        Console.WriteLine();
        Console.WriteLine("| adapter | µs per pair, 10-entry stores (median block) | 1,000,000-entry store | old / young | B allocated per pair, young | old |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (adapter, app, setup) in adapters)
        {
            var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
            var bytes = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };

            async Task<(double Micros, double Bytes)> BlockAsync(bool isOld)
            {
                var store = isOld ? old : await SeedAsync(service, repository, string.Create(CultureInfo.InvariantCulture, $"young-{++youngStores}"), YoungLength, SeedBatch).ConfigureAwait(false);
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < pairsPerBlock; i++)
                {
                    var connected = await service.ConnectAsync(new ConnectAppCommand(store, app.Key, setup, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
                    var disconnected = await service.DisconnectAsync(new DisconnectAppCommand(store, app.Key, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
                    Require(connected.Status == OutcomeStatus.Connected && disconnected.Status == OutcomeStatus.Disconnected, $"{app.DisplayName} did not connect and disconnect on {store}: {connected}; {disconnected}");
                }

                var micros = watch.Elapsed.TotalMicroseconds;
                return (micros / pairsPerBlock, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)pairsPerBlock);
            }

            // Warm up on both sides first, long enough for the JIT to settle (see the remarks).
            for (var warming = Stopwatch.StartNew(); warming.Elapsed < WarmUpTime;)
            {
                await BlockAsync(isOld: true).ConfigureAwait(false);
                await BlockAsync(isOld: false).ConfigureAwait(false);
            }

            for (var block = 0; block < blocks; block++)
            {
                foreach (var isOld in block % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    var (micros, allocated) = await BlockAsync(isOld).ConfigureAwait(false);
                    times[isOld].Add(micros);
                    bytes[isOld].Add(allocated);
                }
            }

            var y = Median(times[false].ToArray());
            var o = Median(times[true].ToArray());
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {adapter} | {y:N2} | {o:N2} | {o / y:N2}× | {Median(bytes[false].ToArray()):N0} | {Median(bytes[true].ToArray()):N0} |"));
        }

        var ledger = (await repository.ReadLedgerAsync(old, CancellationToken.None).ConfigureAwait(false))!;
        Require(ledger.Verify().IsValid, $"the ledger of {old} does not verify");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The old store ended at {ledger.LastSequence:N0} entries, its whole ledger verified; each young store at most {YoungLength + 1 + (3 * pairsPerBlock):N0}."));
        Console.WriteLine();
    }

    /// <summary>A new service instance on a repository: its first command (a connect) and its second (a disconnect), in µs.</summary>
    private static async Task<(double First, double Second)> FreshInstanceAsync(IStoreRepository repository, IClock clock, StoreId store)
    {
        using var service = StoreHistory.NewService(repository, clock, [new InstantProvider(App, callsOut: true)]);
        var watch = Stopwatch.StartNew();
        var connected = await service.ConnectAsync(new ConnectAppCommand(store, App.Key, ProviderSetup.Empty, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
        var first = watch.Elapsed.TotalMicroseconds;
        Require(connected.Status == OutcomeStatus.Connected, $"{App.DisplayName} did not connect to {store}: {connected}");
        watch.Restart();
        var disconnected = await service.DisconnectAsync(new DisconnectAppCommand(store, App.Key, StoreHistory.Merchant, NextKey()), CancellationToken.None).ConfigureAwait(false);
        var second = watch.Elapsed.TotalMicroseconds;
        Require(disconnected.Status == OutcomeStatus.Disconnected, $"{App.DisplayName} did not disconnect from {store}: {disconnected}");
        return (first, second);
    }

    /// <summary>Writes a history of the length and saves it as a new store; its id.</summary>
    private static async Task<StoreId> SeedAsync(ConnectedAppsService service, IStoreRepository repository, string name, int length, int batch)
    {
        var store = StoreHistory.Build(new StoreId(string.Create(CultureInfo.InvariantCulture, $"{name}-{length}")), length, service.Policy);
        await StoreHistory.SaveAsync(repository, store, batch).ConfigureAwait(false);
        return store.Id;
    }

    private static double Median(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static IdempotencyKey NextKey() => new(Interlocked.Increment(ref _keys).ToString(CultureInfo.InvariantCulture));
}
