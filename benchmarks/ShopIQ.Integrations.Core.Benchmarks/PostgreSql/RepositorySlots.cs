using NodaTime;
using Npgsql;
using ShopIQ.Integrations.Core.PostgreSql;
using static ShopIQ.Integrations.Core.Benchmarks.BenchmarkSetup;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// Our side: slots changed through <see cref="PostgreSqlStoreRepository"/> the way the connected-apps service
/// changes a store it has not cached: load (the store's row with its snapshot), rebuild the store from the snapshot
/// (<see cref="Store.TryFromSnapshot"/>), apply, save the new entries with the store's new snapshot; on a version
/// conflict, wait a little and do it all again.
/// </summary>
/// <remarks>
/// Thread-safe: the repository is, and the counters are updated with <see cref="Interlocked"/>. The service itself
/// (<see cref="ConnectedAppsService"/>) skips the load on a store whose snapshot it holds; this class always loads,
/// so it is the repository's path, not the service's.
/// </remarks>
internal sealed class RepositorySlots : IDisposable
{
    /// <summary>The slots of the benchmarks' plan: more than the 4 seeded apps plus 16 writers, so no connect is refused.</summary>
    public const int Allowance = 50;

    /// <summary>The apps connected to every store before anything is measured: 4 of the plan's slots in use.</summary>
    public static readonly IReadOnlyList<ProviderDescriptor> SeededApps =
        [BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati, BuiltInProviders.GoogleAnalytics];

    private readonly Actor _merchant = Actor.Merchant("bench");
    private readonly IClock _clock = SystemClock.Instance;
    private readonly ConnectedAppsPolicy _policy;
    private readonly Plan _plan;
    private readonly StoreGate _gate = new(1024);
    private readonly Dictionary<StoreId, Store> _held = [];
    private long _conflicts;
    private long _refusals;

    /// <summary>Creates the repository (with its own connection pool, as a service instance would) on a database.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="createSchema">Whether the repository runs the schema script on first use (false: it leaves the schema as it finds it).</param>
    public RepositorySlots(string connectionString, bool createSchema = true)
    {
        _plan = new Plan(StoreHistory.BenchPlan, "Bench", tier: 2, SlotAllowance.Of(Allowance), aiCredits: 2_000);
        _policy = new ConnectedAppsPolicy(new PlanCatalog([_plan]));
        Repository = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = connectionString, CreateSchema = createSchema });
    }

    /// <summary>The repository under test.</summary>
    public PostgreSqlStoreRepository Repository { get; }

    /// <summary>How many saves were answered with a version conflict (and retried).</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>How many connects were refused (none is expected: the plan has room for every writer).</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Creates the schema.</summary>
    /// <param name="connectionString">The database.</param>
    /// <returns>A task that completes when the schema is there.</returns>
    public static async Task CreateSchemaAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgreSqlStoreSchema.EnsureCreatedAsync(dataSource, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Opens a store on the plan and connects the <see cref="SeededApps"/>, saving each step.</summary>
    /// <param name="id">The new store's id.</param>
    /// <returns>A task that completes when the store is saved.</returns>
    public async Task OpenStoreAsync(StoreId id)
    {
        var store = BenchStores.Open(id, _plan.Id, _policy, _clock, _merchant);
        foreach (var app in SeededApps)
        {
            Require(store.Connect(app, BenchmarkSetup.Valid(app), _merchant).Status == OutcomeStatus.Connected, $"{app.DisplayName} did not connect to {id}");
        }

        var saved = await Repository.SaveAsync(new StoreChange(id, 0, store.Ledger.Entries, store.TakeSnapshot(), null, store.NextReservationDeadline(), null, false), CancellationToken.None).ConfigureAwait(false);
        Require(saved == SaveOutcome.Saved, $"store {id} was not saved: {saved}");
    }

    /// <summary>Connects an app: load, rebuild from the snapshot, <see cref="Store.Connect"/>, save; again on a conflict.</summary>
    /// <param name="id">The store.</param>
    /// <param name="app">The app.</param>
    /// <returns>Whether it connected (false: refused, counted in <see cref="Refusals"/>).</returns>
    public Task<bool> ConnectAsync(StoreId id, ProviderDescriptor app) =>
        ApplyAsync(id, store => store.Connect(app, BenchmarkSetup.Valid(app), _merchant), OutcomeStatus.Connected);

    /// <summary>Disconnects an app: load, rebuild from the snapshot, <see cref="Store.Disconnect(ProviderKey, Actor)"/>, save; again on a conflict.</summary>
    /// <param name="id">The store.</param>
    /// <param name="app">The app.</param>
    /// <returns>Whether it disconnected.</returns>
    public Task<bool> DisconnectAsync(StoreId id, ProviderDescriptor app) =>
        ApplyAsync(id, store => store.Disconnect(app.Key, _merchant), OutcomeStatus.Disconnected);

    /// <summary>Connects on the store this writer holds and saves it: no read, one save_entry call.</summary>
    /// <param name="id">The store.</param>
    /// <param name="app">The app.</param>
    /// <returns>Whether it connected (false: refused, counted in <see cref="Refusals"/>).</returns>
    public Task<bool> ConnectHeldAsync(StoreId id, ProviderDescriptor app) =>
        SaveHeldAsync(id, store => store.Connect(app, BenchmarkSetup.Valid(app), _merchant), OutcomeStatus.Connected);

    /// <summary>Disconnects on the store this writer holds and saves it: no read, one save_entry call.</summary>
    /// <param name="id">The store.</param>
    /// <param name="app">The app.</param>
    /// <returns>Whether it disconnected.</returns>
    public Task<bool> DisconnectHeldAsync(StoreId id, ProviderDescriptor app) =>
        SaveHeldAsync(id, store => store.Disconnect(app.Key, _merchant), OutcomeStatus.Disconnected);

    /// <summary>Throws unless every store's ledger, read afresh from the database, verifies and the database holds no ledger entry over its allowance.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="stores">The stores to check.</param>
    /// <returns>How many ledger entries were checked.</returns>
    public static async Task<long> VerifyAsync(string connectionString, IEnumerable<StoreId> stores)
    {
        // The audit read: every ledger whole from the database, not the snapshots commands decide on.
        using var reader = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = connectionString });
        long entries = 0;
        foreach (var id in stores)
        {
            var ledger = await reader.ReadLedgerAsync(id, CancellationToken.None).ConfigureAwait(false) ?? throw new InvalidOperationException($"Store {id} is missing.");
            var verification = ledger.Verify();
            if (!verification.IsValid)
            {
                throw new InvalidOperationException($"The ledger of store {id} does not verify: {verification}");
            }

            entries += ledger.Entries.Count;
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("""
            SELECT
              (SELECT count(*) FROM shopiq.ledger WHERE slots_in_use < 0 OR (allowance IS NOT NULL AND slots_in_use > allowance)),
              (SELECT count(*) FROM shopiq.stores s WHERE s.slots_in_use <> (SELECT count(*) FROM shopiq.connections c WHERE c.store_id = s.store_id))
            """);
        await using var counts = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await counts.ReadAsync().ConfigureAwait(false);
        if (counts.GetInt64(0) != 0 || counts.GetInt64(1) != 0)
        {
            throw new InvalidOperationException(
                $"The repository broke the guarantee: {counts.GetInt64(0)} ledger entries over the allowance, {counts.GetInt64(1)} stores whose counts disagree with their connections.");
        }

        return entries;
    }

    /// <summary>Closes the repository's connection pool.</summary>
    public void Dispose()
    {
        Repository.Dispose();
        _gate.Dispose();
    }

    private async Task<bool> SaveHeldAsync(StoreId id, Func<Store, StoreOutcome> apply, OutcomeStatus success)
    {
        if (!_held.TryGetValue(id, out var store))
        {
            store = Rebuild(id, await Repository.LoadAsync(id, null, CancellationToken.None).ConfigureAwait(false));
            _held[id] = store;
        }

        var before = store.Version;
        if (apply(store).Status != success)
        {
            Interlocked.Increment(ref _refusals);
            return false;
        }

        var saved = await Repository.SaveAsync(Change(store, before), CancellationToken.None).ConfigureAwait(false);
        store.TakeEvents();
        if (saved != SaveOutcome.Saved)
        {
            // A single writer never meets one; if it does, the held store is stale and the benchmark is wrong.
            throw new InvalidOperationException($"The held store {id} was not saved: {saved}.");
        }

        return true;
    }

    private async Task<bool> ApplyAsync(StoreId id, Func<Store, StoreOutcome> apply, OutcomeStatus success)
    {
        for (var attempt = 1; ; attempt++)
        {
            // As the connected-apps service does: this instance's writers on one store take turns from load to save.
            using (await _gate.EnterAsync(id, CancellationToken.None).ConfigureAwait(false))
            {
                var loaded = await Repository.LoadAsync(id, null, CancellationToken.None).ConfigureAwait(false);
                var store = Rebuild(id, loaded);
                if (apply(store).Status != success)
                {
                    Interlocked.Increment(ref _refusals);
                    return false;
                }

                var saved = await Repository.SaveAsync(Change(store, loaded.Version), CancellationToken.None).ConfigureAwait(false);
                if (saved == SaveOutcome.Saved)
                {
                    return true;
                }
            }

            Interlocked.Increment(ref _conflicts);

            // The connected-apps service's back-off (ConnectedAppsService.BackOffAsync): a random wait of up to
            // 2^attempt ms (at most 50), or a yield when the draw is 0.
            var wait = Random.Shared.Next(0, Math.Min(1 << Math.Min(attempt, 10), 50));
            if (wait > 0)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
            }
        }
    }

    /// <summary>What a save writes after a command: the entries appended since <paramref name="expectedVersion"/>, and the store's snapshot after them.</summary>
    private static StoreChange Change(Store store, long expectedVersion) =>
        new(store.Id, expectedVersion, store.EntriesAfter(expectedVersion).ToArray(), store.TakeSnapshot(), null, store.NextReservationDeadline(), null, false);

    /// <summary>The store from what a load read: its snapshot and the entries after it (none, as every save here writes a snapshot).</summary>
    private Store Rebuild(StoreId id, LoadedStore loaded)
    {
        var snapshot = loaded.Snapshot ?? throw new InvalidOperationException($"Store {id} is missing, or was saved without a snapshot.");
        return Store.TryFromSnapshot(snapshot, loaded.Entries, _policy, _clock, out var problem)
            ?? throw new InvalidOperationException($"The snapshot of store {id} cannot be used: {problem}");
    }
}
