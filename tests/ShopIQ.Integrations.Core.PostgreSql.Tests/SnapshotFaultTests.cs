using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using NodaTime.Testing;
using Npgsql;
using ShopIQ.Integrations.Core.Diagnostics;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// A store's snapshot in <c>shopiq.stores.snapshot</c> going wrong in the database: bytes changed, a format this library
/// does not read, bytes of an earlier version, no snapshot at all (a store saved by schema version 1), a save killed
/// half-way, a stale snapshot in another instance's cache. The ledger stays the truth: nothing is lost, the store is
/// rebuilt from it, a sound snapshot is written back, and the rebuild is logged and counted.
/// </summary>
/// <remarks>
/// Each service here is new, so its cache is empty and it sees what the database holds; each counts its own rebuilds
/// and conflicts through its own meter factory, so tests running in parallel are not counted.
/// </remarks>
[Collection(PostgresCollection.Name)]
public sealed class SnapshotFaultTests(PostgresClusterFixture cluster)
{
    private const string FlipMiddleByte =
        "UPDATE shopiq.stores SET snapshot = set_byte(snapshot, length(snapshot) / 2, get_byte(snapshot, length(snapshot) / 2) # 90) WHERE store_id = $1";

    private const string WriteFormat99 =
        "UPDATE shopiq.stores SET snapshot = overlay(snapshot placing '\\x63000000'::bytea from 1 for 4) WHERE store_id = $1";

    private static readonly ProviderKey Meta = BuiltInProviders.MetaPixel.Key;
    private static readonly ProviderKey Analytics = BuiltInProviders.GoogleAnalytics.Key;

    /// <summary>Both apps' keys, in key order (both connect at the same instant on the fake clock, so the store lists them by key).</summary>
    private static readonly string[] BothApps = [Analytics.Value, Meta.Value];

    [PostgresFact]
    public Task R15_SnapshotBytesChangedInTheDatabase_StoreIsRebuiltFromItsLedgerAndNothingIsLost() =>
        UntrustedSnapshotIsRebuiltAsync("snapflip", (database, id, _) => database.ExecuteAsync(FlipMiddleByte, id.Value), "checksum");

    [PostgresFact]
    public Task R15_SnapshotOfAnUnknownFormatInTheDatabase_StoreIsRebuiltFromItsLedgerAndNothingIsLost() =>
        UntrustedSnapshotIsRebuiltAsync("snapformat", (database, id, _) => database.ExecuteAsync(WriteFormat99, id.Value), "format 99");

    [PostgresFact]
    public Task R15_SnapshotOfAnotherVersionInTheDatabase_StoreIsRebuiltFromItsLedgerAndSeesTheLatestState() =>
        // The bytes taken after Meta Pixel connected, written back into the row now two entries later (Google Analytics connected).
        UntrustedSnapshotIsRebuiltAsync(
            "snapstale",
            (database, id, earlier) => database.ExecuteAsync("UPDATE shopiq.stores SET snapshot = $2 WHERE store_id = $1", id.Value, earlier),
            "at version 3");

    [PostgresFact]
    public async Task R15_StoreWithoutSnapshot_AsSavedBySchemaVersion1_IsRebuiltOnceAndItsSnapshotWritten()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "snapnull");
        await using var repository = database.NewRepository();
        var clock = new FakeClock(StoreFixture.Start);
        var id = NewStoreId();
        using (var first = new Instance(repository, clock))
        {
            await OpenAsync(first.Service, id);
            await ConnectAsync(first.Service, id, BuiltInProviders.MetaPixel);
            await ConnectAsync(first.Service, id, BuiltInProviders.GoogleAnalytics);
        }

        var ledger = (await repository.ReadLedgerAsync(id, CancellationToken.None))!;
        await database.ExecuteAsync("UPDATE shopiq.stores SET snapshot = NULL WHERE store_id = $1", id.Value);
        Assert.Null(await SnapshotBytesAsync(database, id));
        using var fresh = new Instance(repository, clock);

        var read = await fresh.Service.GetStoreAsync(id, CancellationToken.None);

        Assert.Equal(BothApps, AppKeys(read));
        Assert.Equal(ledger.LastSequence, read.Version);
        Assert.Equal(["missing"], fresh.Rebuilds);
        Assert.Contains(fresh.Log, l => l.Level == LogLevel.Information && l.Message.Contains(id.Value, StringComparison.Ordinal) && l.Message.Contains("no snapshot", StringComparison.Ordinal));
        Assert.NotNull(await SnapshotBytesAsync(database, id));
        var loaded = await repository.LoadAsync(id, null, CancellationToken.None);
        Assert.Equal(ledger.LastSequence, loaded.Snapshot!.Version);
        Assert.Empty(loaded.Entries); // the whole ledger is no longer read on a load
        Assert.Equal(ReplayBytes(ledger, clock), StoreFrom(loaded, clock).TakeSnapshot().ToBytes().ToArray());

        // Once: another new instance loads the snapshot written, and rebuilds nothing.
        using var second = new Instance(repository, clock);
        Assert.Equal(BothApps, AppKeys(await second.Service.GetStoreAsync(id, CancellationToken.None)));
        Assert.Empty(second.Rebuilds);
        await AssertSoundAsync(repository, clock, id, ledger.LastSequence);
    }

    [PostgresTheory]
    [InlineData("shopiq.connections", "store_id = $1 AND provider = 'meta-pixel'")] // the save waits after its UPDATE wrote version and snapshot
    [InlineData("shopiq.stores", "store_id = $1")] // the save waits at that UPDATE
    public async Task R15_ConnectionKilledInsideASave_EntriesAndSnapshotMoveTogetherOrNotAtAll(string lockedTable, string lockedRow)
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "snapkill");
        var clock = new FakeClock(StoreFixture.Start);
        var locked = $"SELECT 1 FROM {lockedTable} WHERE {lockedRow} FOR UPDATE";

        // Retried: the killed save is sent again and written once, entries, snapshot and record together.
        await using (var repository = database.NewRepository())
        {
            var (id, change) = await SaveOpenedStoreAndDisconnectMetaAsync(repository, clock);
            var exception = await WhileBlockedAsync(database, locked, id, () => repository.SaveAsync(change, CancellationToken.None));

            Assert.Null(exception);
            var loaded = await AssertVersionLedgerAndSnapshotAgreeAsync(database, repository, clock, id);
            Assert.Equal(4, loaded.Version);
            Assert.Equal(change.Snapshot!.ToBytes().ToArray(), await SnapshotBytesAsync(database, id));
            Assert.Equal(SlotEntryKind.Disconnected, (await repository.ReadLedgerAsync(id, CancellationToken.None))!.Entries[^1].Kind);
            Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.idempotency_records WHERE store_id = $1 AND key = $2", id.Value, change.Record!.Key.Value));
        }

        // Not retried: the save fails and nothing of it is written, neither the entry nor the snapshot nor the record.
        await using (var repository = database.NewRepository(retryBudget: TimeSpan.Zero))
        {
            var (id, change) = await SaveOpenedStoreAndDisconnectMetaAsync(repository, clock);
            var bytesBefore = await SnapshotBytesAsync(database, id);
            var versionBefore = await VersionAsync(database, id);
            var entriesBefore = await EntryCountAsync(database, id);

            var exception = await WhileBlockedAsync(database, locked, id, () => repository.SaveAsync(change, CancellationToken.None));

            Assert.NotNull(exception);
            Assert.True(PostgreSqlStoreRepository.IsTransient(exception), exception.ToString());
            Assert.Equal(3L, versionBefore);
            Assert.Equal(versionBefore, await VersionAsync(database, id));
            Assert.Equal(entriesBefore, await EntryCountAsync(database, id));
            Assert.Equal(bytesBefore, await SnapshotBytesAsync(database, id));
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.idempotency_records WHERE store_id = $1", id.Value));
            var loaded = await AssertVersionLedgerAndSnapshotAgreeAsync(database, repository, clock, id);
            Assert.Equal(3, loaded.Version);
        }
    }

    [PostgresFact]
    public async Task R15_TwoInstancesWarm_OneChangesTheStore_TheOthersStaleCacheIsCaughtByTheSave()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "snapwarm");
        await using var repositoryA = database.NewRepository();
        await using var repositoryB = database.NewRepository();
        var clock = new FakeClock(StoreFixture.Start);
        var id = NewStoreId();
        using var a = new Instance(repositoryA, clock);
        using var b = new Instance(repositoryB, clock);
        await OpenAsync(a.Service, id);
        await ConnectAsync(a.Service, id, BuiltInProviders.MetaPixel);
        Assert.Equal([Meta.Value], AppKeys(await b.Service.GetStoreAsync(id, CancellationToken.None))); // both warm

        var first = await a.Service.DisconnectAsync(Disconnect(id, Meta), CancellationToken.None);
        var second = await b.Service.DisconnectAsync(Disconnect(id, Meta), CancellationToken.None);

        Assert.False(first.IsReplay);
        Assert.Equal(OutcomeStatus.Disconnected, first.Status);
        Assert.False(second.IsReplay);
        Assert.Equal(OutcomeStatus.NotConnected, second.Status);
        var ledger = (await repositoryA.ReadLedgerAsync(id, CancellationToken.None))!;
        Assert.Single(ledger.Entries, e => e.Kind == SlotEntryKind.Disconnected);
        Assert.Equal(4, ledger.LastSequence);

        // B decided first on its cached Meta Pixel; the save's version check refused that, and B decided again on the store as saved.
        Assert.Equal(1, b.Conflicts("Disconnect"));
        Assert.Empty(b.Rebuilds);
        Assert.Equal(0, await database.ScalarAsync<int>("SELECT slots_in_use FROM shopiq.stores WHERE store_id = $1", id.Value));
        await AssertSoundAsync(repositoryA, clock, id, ledger.LastSequence);
    }

    /// <summary>
    /// Opens a store with Meta Pixel then Google Analytics, keeping the snapshot bytes between the two; corrupts the
    /// snapshot; then a new instance's read, and (after corrupting again) a new instance's command, each rebuild the
    /// store from its ledger, count and log it, and leave a sound snapshot behind.
    /// </summary>
    private async Task UntrustedSnapshotIsRebuiltAsync(string prefix, Func<PostgresDatabase, StoreId, byte[], Task> corrupt, string problem)
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, prefix);
        await using var repository = database.NewRepository();
        var clock = new FakeClock(StoreFixture.Start);
        var id = NewStoreId();
        byte[] earlier;
        using (var first = new Instance(repository, clock))
        {
            await OpenAsync(first.Service, id);
            await ConnectAsync(first.Service, id, BuiltInProviders.MetaPixel);
            Assert.Equal(3, await VersionAsync(database, id));
            earlier = (await SnapshotBytesAsync(database, id))!;
            await ConnectAsync(first.Service, id, BuiltInProviders.GoogleAnalytics);
        }

        var before = (await repository.ReadLedgerAsync(id, CancellationToken.None))!;
        Assert.Equal(5, before.LastSequence);

        // A read: the store as its ledger has it, and a sound snapshot written back at the same version.
        await corrupt(database, id, earlier);
        var corrupted = await SnapshotBytesAsync(database, id);
        using (var reader = new Instance(repository, clock))
        {
            var read = await reader.Service.GetStoreAsync(id, CancellationToken.None);

            Assert.Equal(["untrusted"], reader.Rebuilds);
            Assert.Equal(BothApps, AppKeys(read));
            Assert.Equal(2, read.SlotsInUse);
            AssertWarned(reader, id, problem);
        }

        Assert.NotEqual(corrupted, await SnapshotBytesAsync(database, id));
        await AssertSoundAsync(repository, clock, id, before.LastSequence);

        // A command: decides on the store as its ledger has it. (On the stale bytes, without Google Analytics, it would
        // count one slot too few, and the database would refuse the save.)
        await corrupt(database, id, earlier);
        corrupted = await SnapshotBytesAsync(database, id);
        using (var commander = new Instance(repository, clock))
        {
            var result = await commander.Service.DisconnectAsync(Disconnect(id, Meta), CancellationToken.None);

            Assert.False(result.IsReplay);
            Assert.Equal(OutcomeStatus.Disconnected, result.Status);
            Assert.Equal(["untrusted"], commander.Rebuilds);
            AssertWarned(commander, id, problem);

            var ledger = (await commander.Service.ReadLedgerAsync(id, CancellationToken.None))!;
            Assert.True(ledger.Verify().IsValid, ledger.Verify().ToString());
            Assert.Equal(before.LastSequence + 1, ledger.LastSequence);
            Assert.Equal(before.Entries.Select(e => e.ToString()), ledger.Entries.Take(before.Entries.Count).Select(e => e.ToString()));
            Assert.Equal(SlotEntryKind.Disconnected, ledger.Entries[^1].Kind);
            Assert.Equal(Meta, ledger.Entries[^1].Provider);
            Assert.Equal(1, ledger.Entries[^1].SlotsInUse);
        }

        Assert.NotEqual(corrupted, await SnapshotBytesAsync(database, id));
        await AssertSoundAsync(repository, clock, id, before.LastSequence + 1);
        using var later = new Instance(repository, clock);
        Assert.Equal([Analytics.Value], AppKeys(await later.Service.GetStoreAsync(id, CancellationToken.None)));
        Assert.Empty(later.Rebuilds);
    }

    /// <summary>A new instance's audit finds the whole ledger verified and the stored snapshot equal to its replay, and rewrites nothing.</summary>
    private static async Task AssertSoundAsync(IStoreRepository repository, FakeClock clock, StoreId id, long version)
    {
        using var auditor = new Instance(repository, clock);
        var audit = await auditor.Service.VerifyAsync(id, CancellationToken.None);

        Assert.NotNull(audit);
        Assert.True(audit.IsSound, audit.ToString());
        Assert.True(audit.SnapshotMatches, audit.ToString());
        Assert.False(audit.SnapshotRewritten, audit.ToString());
        Assert.Equal(version, audit.LedgerVersion);
        Assert.Equal(version, audit.SnapshotVersion);
        Assert.Empty(auditor.Rebuilds);
    }

    private static void AssertWarned(Instance instance, StoreId id, string problem) =>
        Assert.Contains(
            instance.Log,
            l => l.Level == LogLevel.Warning && l.Message.Contains(id.Value, StringComparison.Ordinal) && l.Message.Contains(problem, StringComparison.Ordinal));

    /// <summary>
    /// The store's version, its ledger's last sequence and its snapshot's version are one number, and the snapshot holds
    /// exactly what replaying the ledger gives.
    /// </summary>
    private static async Task<LoadedStore> AssertVersionLedgerAndSnapshotAgreeAsync(PostgresDatabase database, IStoreRepository repository, FakeClock clock, StoreId id)
    {
        var version = await VersionAsync(database, id);
        Assert.Equal(version, await database.ScalarAsync<long>("SELECT max(sequence) FROM shopiq.ledger WHERE store_id = $1", id.Value));
        Assert.Equal(version, await EntryCountAsync(database, id));

        var loaded = await repository.LoadAsync(id, null, CancellationToken.None);
        Assert.Equal(version, loaded.Version);
        Assert.Equal(loaded.Version, loaded.Snapshot!.Version);
        Assert.Empty(loaded.Entries);
        var ledger = (await repository.ReadLedgerAsync(id, CancellationToken.None))!;
        Assert.True(ledger.Verify().IsValid, ledger.Verify().ToString());
        var fromSnapshot = StoreFrom(loaded, clock);
        Assert.Equal(ReplayBytes(ledger, clock), fromSnapshot.TakeSnapshot().ToBytes().ToArray());
        Assert.Equal(fromSnapshot.SlotsInUse, await database.ScalarAsync<int>("SELECT slots_in_use FROM shopiq.stores WHERE store_id = $1", id.Value));
        Assert.Equal(fromSnapshot.SlotsInUse, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.connections WHERE store_id = $1", id.Value));
        return loaded;
    }

    /// <summary>Saves a store with Meta Pixel and Google Analytics (version 3, with its snapshot); answers a change that disconnects Meta Pixel, with its snapshot and record.</summary>
    private static async Task<(StoreId Id, StoreChange Change)> SaveOpenedStoreAndDisconnectMetaAsync(IStoreRepository repository, FakeClock clock)
    {
        var id = NewStoreId();
        var store = TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, clock, StoreFixture.Merchant);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
        store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), StoreFixture.Merchant);
        Assert.Equal(
            SaveOutcome.Saved,
            await repository.SaveAsync(new StoreChange(id, 0, store.Ledger.Entries, store.TakeSnapshot(), null, store.NextReservationDeadline(), null, false), CancellationToken.None));

        Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(Meta, StoreFixture.Merchant).Status);
        var record = new IdempotencyRecord(IdempotencyKey.New(), "test", true, OutcomeStatus.Disconnected, "done", Meta, 4, StoreFixture.Start, null);
        var change = new StoreChange(id, 3, store.Ledger.Entries.Skip(3), store.TakeSnapshot(), null, store.NextReservationDeadline(), record, false);
        Assert.Single(change.Entries);
        return (id, change);
    }

    /// <summary>
    /// Runs a save while another transaction holds a row it must lock (<paramref name="lockSql"/>, with the store id
    /// as $1); kills the save's backend once it waits, then lets go of the row. What the save threw, or null.
    /// </summary>
    private static async Task<Exception?> WhileBlockedAsync(PostgresDatabase database, string lockSql, StoreId id, Func<Task<SaveOutcome>> startSave)
    {
        const string WaitingSaves =
            "FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%shopiq.save_%' AND pid <> pg_backend_pid()";
        await using var holder = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand(lockSql, holder, transaction))
        {
            hold.Parameters.Add(new NpgsqlParameter { Value = id.Value });
            Assert.Equal(1, await hold.ExecuteScalarAsync()); // the row is there, and held
        }

        var save = Task.Run(startSave);
        var waiting = 0L;
        for (var i = 0; i < 600 && waiting == 0; i++)
        {
            await Task.Delay(50);
            waiting = await database.ScalarAsync<long>("SELECT count(*) " + WaitingSaves);
        }

        Assert.Equal(1L, waiting);
        Assert.True(await database.ScalarAsync<bool>("SELECT bool_and(pg_terminate_backend(pid)) " + WaitingSaves));

        // Let the killed save's retry (if any) wait a moment on the row too, then let go.
        await Task.Delay(200);
        await transaction.RollbackAsync();
        try
        {
            await save;
            return null;
        }
#pragma warning disable CA1031 // What the save threw is the result.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    private static byte[] ReplayBytes(SlotLedger ledger, FakeClock clock) => Store.FromLedger(ledger, TestPlans.Policy, clock).TakeSnapshot().ToBytes().ToArray();

    private static Store StoreFrom(LoadedStore loaded, FakeClock clock)
    {
        var store = Store.TryFromSnapshot(loaded.Snapshot!, loaded.Entries, TestPlans.Policy, clock, out var problem);
        Assert.True(store is not null, problem);
        return store;
    }

    /// <summary>The snapshot column's bytes, or null when the store has no snapshot.</summary>
    private static async Task<byte[]?> SnapshotBytesAsync(PostgresDatabase database, StoreId id) =>
        await database.ScalarAsync<object>("SELECT snapshot FROM shopiq.stores WHERE store_id = $1", id.Value) as byte[];

    private static Task<long> VersionAsync(PostgresDatabase database, StoreId id) =>
        database.ScalarAsync<long>("SELECT version FROM shopiq.stores WHERE store_id = $1", id.Value);

    private static Task<long> EntryCountAsync(PostgresDatabase database, StoreId id) =>
        database.ScalarAsync<long>("SELECT count(*) FROM shopiq.ledger WHERE store_id = $1", id.Value);

    /// <summary>The keys of a store's apps, in key order; the store must exist.</summary>
    private static string[] AppKeys([System.Diagnostics.CodeAnalysis.NotNull] Store? store)
    {
        Assert.NotNull(store);
        return [.. store.GetApps().Select(a => a.Key.Value).Order(StringComparer.Ordinal)];
    }

    private static StoreId NewStoreId() => new($"s-{Guid.NewGuid():N}");

    private static DisconnectAppCommand Disconnect(StoreId id, ProviderKey provider) => new(id, provider, StoreFixture.Merchant, IdempotencyKey.New());

    private static async Task OpenAsync(ConnectedAppsService service, StoreId id)
    {
        var opened = await service.OpenStoreAsync(new OpenStoreCommand(id, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.True(opened.IsSuccess, opened.ToString());
    }

    private static async Task ConnectAsync(ConnectedAppsService service, StoreId id, ProviderDescriptor provider)
    {
        var connected = await service.ConnectAsync(new ConnectAppCommand(id, provider.Key, BuiltInSetups.For(provider.Key), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.Equal(OutcomeStatus.Connected, connected.Status);
    }

    /// <summary>
    /// One service instance (an empty cache) on a repository, with the built-in adapters, that records its own log lines,
    /// snapshot rebuilds (by reason) and version conflicts (by operation); nobody else's.
    /// </summary>
    private sealed class Instance : IDisposable
    {
        private readonly ConcurrentDictionary<Meter, bool> _meters = new();
        private readonly ConcurrentQueue<string> _rebuilds = new();
        private readonly ConcurrentQueue<string> _conflicts = new();
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _log = new();
        private readonly MeterListener _listener = new();

        public Instance(IStoreRepository repository, FakeClock clock)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (_meters.ContainsKey(instrument.Meter) && instrument.Name is ConnectedAppsDiagnostics.SnapshotsRebuilt or ConnectedAppsDiagnostics.Conflicts)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason" && instrument.Name == ConnectedAppsDiagnostics.SnapshotsRebuilt)
                    {
                        _rebuilds.Enqueue((string)tag.Value!);
                    }
                    else if (tag.Key == "operation" && instrument.Name == ConnectedAppsDiagnostics.Conflicts)
                    {
                        _conflicts.Enqueue((string)tag.Value!);
                    }
                }
            });
            _listener.Start();
            Service = new ConnectedAppsService(
                repository,
                BuiltInSetups.Adapters,
                [],
                clock,
                Microsoft.Extensions.Options.Options.Create(ServiceFixture.TestOptions()),
                new Logger(_log),
                new MeterFactory(_meters));
        }

        public ConnectedAppsService Service { get; }

        /// <summary>The reason of every store this instance rebuilt from its ledger, in order.</summary>
        public IReadOnlyList<string> Rebuilds => _rebuilds.ToArray();

        public IReadOnlyList<(LogLevel Level, string Message)> Log => _log.ToArray();

        public int Conflicts(string operation) => _conflicts.Count(o => o == operation);

        public void Dispose()
        {
            Service.Dispose();
            _listener.Dispose();
            foreach (var meter in _meters.Keys)
            {
                meter.Dispose();
            }
        }

        private sealed class MeterFactory(ConcurrentDictionary<Meter, bool> meters) : IMeterFactory
        {
            public Meter Create(MeterOptions options)
            {
                var meter = new Meter(options);
                meters[meter] = true;
                return meter;
            }

            public void Dispose()
            {
            }
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel Level, string Message)> lines) : ILogger<ConnectedAppsService>
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
