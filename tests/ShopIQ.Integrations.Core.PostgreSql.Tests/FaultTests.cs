using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// Failures in the middle of things: a connection killed inside a save's transaction, a server restart between
/// operations, an instance that dies holding reservations. Nothing is lost and nothing is left half-written.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FaultTests(PostgresClusterFixture cluster)
{
    private static readonly Instant Start = StoreFixture.Start;

    [PostgresFact]
    public async Task R7_ConnectionKilledMidTransaction_WithoutRetries_ThrowsAndLeavesNothingHalfWritten()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "kill");
        await using var repository = database.NewRepository(retryBudget: TimeSpan.Zero);
        var (store, id) = await OpenWithTwoAppsAsync(repository);
        var before = await SnapshotAsync(database, id);
        store.Disconnect(BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant);
        var change = new StoreChange(id, 3, store.Ledger.Entries.Skip(3), null, null);

        // Hold the app's connection row, so the save blocks inside save_change after locking the store and checking its version.
        var exception = await WhileBlockedAsync(database, id, "meta-pixel", () => repository.SaveAsync(change, CancellationToken.None));

        Assert.True(PostgreSqlStoreRepository.IsTransient(exception!), exception!.ToString());
        Assert.Equal(before, await SnapshotAsync(database, id));
    }

    [PostgresFact]
    public async Task R7_ConnectionKilledMidTransaction_IsRetriedAndWrittenExactlyOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "killretry");
        await using var repository = database.NewRepository();
        var (store, id) = await OpenWithTwoAppsAsync(repository);
        store.Disconnect(BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant);
        var change = new StoreChange(id, 3, store.Ledger.Entries.Skip(3), null, null);

        var exception = await WhileBlockedAsync(database, id, "meta-pixel", () => repository.SaveAsync(change, CancellationToken.None));

        Assert.Null(exception);
        var after = await SnapshotAsync(database, id);
        Assert.Equal(new StoreSnapshot(4, 1, 1, 4), after);
        var ledger = (await repository.ReadLedgerAsync(id, CancellationToken.None))!;
        Assert.True(ledger.Verify().IsValid);
        Assert.Equal(SlotEntryKind.Disconnected, ledger.Entries[^1].Kind);
    }

    [PostgresFact]
    public async Task SaveSentAgainAfterItsAnswerWasLost_IsNotWrittenTwice()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "lost");
        await using var repository = database.NewRepository();
        var (store, id) = await OpenWithTwoAppsAsync(repository);
        store.Disconnect(BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant);
        var change = new StoreChange(id, 3, store.Ledger.Entries.Skip(3), null, null);
        var changeId = Guid.NewGuid();

        var first = await repository.SaveAsync(change, changeId, CancellationToken.None);
        var again = await repository.SaveAsync(change, changeId, CancellationToken.None);
        var other = await repository.SaveAsync(change, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(SaveOutcome.Saved, first);
        Assert.Equal(SaveOutcome.Saved, again);
        Assert.Equal(SaveOutcome.VersionConflict, other);
        Assert.Equal(new StoreSnapshot(4, 1, 1, 4), await SnapshotAsync(database, id));
    }

    [PostgresFact]
    public async Task RecordOnlySaveSentAgainAfterItsAnswerWasLostAndTheStoreMovedOn_AnswersSaved()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "lostrecord");
        await using var repository = database.NewRepository();
        var (store, id) = await OpenWithTwoAppsAsync(repository);
        var key = IdempotencyKey.New();
        var recordOnly = new StoreChange(id, 3, [], null, new IdempotencyRecord(key, "test", true, OutcomeStatus.StoreOpened, "done", null, 3, Start, null));
        var changeId = Guid.NewGuid();
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(recordOnly, changeId, CancellationToken.None));
        store.Disconnect(BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant);
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 3, store.Ledger.Entries.Skip(3), null, null), CancellationToken.None));

        var again = await repository.SaveAsync(recordOnly, changeId, CancellationToken.None);

        Assert.Equal(SaveOutcome.Saved, again);
        Assert.Equal(SaveOutcome.VersionConflict, await repository.SaveAsync(recordOnly, Guid.NewGuid(), CancellationToken.None));
    }

    [PostgresFact]
    public async Task R15_InstancesWhoseClocksDifferBelowAMicrosecond_StillReadAnOrderedLedger()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "micro");
        await using var first = database.NewRepository();
        await using var second = database.NewRepository();
        var id = new StoreId($"m-{Guid.NewGuid():N}");
        var firstClock = new FakeClock(Start + Duration.FromTicks(17));
        var opened = TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, firstClock, StoreFixture.Merchant);
        Assert.Equal(SaveOutcome.Saved, await first.SaveAsync(new StoreChange(id, 0, opened.Ledger.Entries, null, null), CancellationToken.None));

        // The first instance writes at x.0000017 s; the database keeps x.000001 s.
        var a = Store.FromLedger((await first.ReadLedgerAsync(id, CancellationToken.None))!, TestPlans.Policy, firstClock);
        a.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
        Assert.Equal(SaveOutcome.Saved, await first.SaveAsync(new StoreChange(id, 1, a.Ledger.Entries.Skip(1), null, null), CancellationToken.None));

        // The second instance's clock is behind: its entry takes the last instant it read, x.000001 s.
        var b = Store.FromLedger((await second.ReadLedgerAsync(id, CancellationToken.None))!, TestPlans.Policy, new FakeClock(Start));
        b.Disconnect(BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant);
        Assert.Equal(SaveOutcome.Saved, await second.SaveAsync(new StoreChange(id, 2, b.Ledger.Entries.Skip(2), null, null), CancellationToken.None));

        var ledger = (await first.ReadLedgerAsync(id, CancellationToken.None))!;
        Assert.True(ledger.Verify().IsValid, ledger.Verify().ToString());
        Assert.Equal(3, Store.FromLedger(ledger, TestPlans.Policy, firstClock).Version);
    }

    [PostgresFact]
    public async Task ServerRestartBetweenOperations_LosesNothingAndTheNextOperationSucceeds()
    {
        using var server = ThrowawayPostgres.Start();
        var options = new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString };
        await using var repository = new PostgreSqlStoreRepository(options);
        var (store, id) = await OpenWithTwoAppsAsync(repository);

        // Twenty idle connections in the pool, all of them dead after the restart.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => repository.LoadAsync(id, IdempotencyKey.New(), CancellationToken.None)));
        server.Restart();

        var reloaded = Store.FromLedger((await repository.ReadLedgerAsync(id, CancellationToken.None))!, TestPlans.Policy, new FakeClock(Start));
        reloaded.Disconnect(BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant);
        var saved = await repository.SaveAsync(new StoreChange(id, 3, reloaded.Ledger.Entries.Skip(3), null, null), CancellationToken.None);

        Assert.Equal(SaveOutcome.Saved, saved);
        await using var fresh = new PostgreSqlStoreRepository(options);
        var after = (await fresh.ReadLedgerAsync(id, CancellationToken.None))!;
        Assert.Equal(4, after.LastSequence);
        Assert.True(after.Verify().IsValid);
        Assert.Equal(store.Ledger.Entries.Select(e => e.ToString()), after.Entries.Take(3).Select(e => e.ToString()));
    }

    [PostgresFact]
    public async Task R6_InstanceThatDiesHoldingAReservation_ItsReservationExpiresThroughAnotherInstance()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "crash");
        var id = new StoreId("crash-1");
        await using (var opener = RaceWorkload.BuildInstance(database.ConnectionString))
        {
            var opened = await opener.GetRequiredService<ConnectedAppsService>().OpenStoreAsync(
                new OpenStoreCommand(id, new(RaceWorkload.SmallPlan), Actor.Merchant("opener"), IdempotencyKey.New()), CancellationToken.None);
            Assert.True(opened.IsSuccess, opened.ToString());
        }

        // Another process reserves a slot, its provider never answers, and the process is killed.
        using (var worker = MultiInstanceRaceTests.StartWorkerProcess("reserve-and-hang", database.ConnectionString, id.Value))
        {
            Assert.Equal("ready", await worker.StandardOutput.ReadLineAsync());
            await worker.StandardInput.WriteLineAsync("go");
            await worker.StandardInput.FlushAsync();
            Assert.Equal("reserved", await worker.StandardOutput.ReadLineAsync());
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        Assert.Equal("pending", await database.ScalarAsync<string>("SELECT state FROM shopiq.connections WHERE store_id = $1", id.Value));
        var deadline = await database.ScalarAsync<DateTime>("SELECT pending_until FROM shopiq.connections WHERE store_id = $1", id.Value);

        // A surviving instance, whose clock has passed the deadline, sweeps it.
        var pastDeadline = Instant.FromDateTimeUtc(DateTime.SpecifyKind(deadline, DateTimeKind.Utc)) + Duration.FromSeconds(1);
        await using var survivor = RaceWorkload.BuildInstance(database.ConnectionString, new FakeClock(pastDeadline));
        var report = await survivor.GetRequiredService<ConnectedAppsService>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.ReservationsExpired);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.connections WHERE store_id = $1", id.Value));
        Assert.Equal(0, await database.ScalarAsync<int>("SELECT slots_in_use FROM shopiq.stores WHERE store_id = $1", id.Value));
        Assert.Equal("Expired", await database.ScalarAsync<string>("SELECT kind FROM shopiq.ledger WHERE store_id = $1 ORDER BY sequence DESC LIMIT 1", id.Value));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.idempotency_records WHERE store_id = $1 AND NOT is_final", id.Value));

        // The dead instance's connect never settles: past the margin after its deadline the sweep abandons its record,
        // which is then purged like any other once its retention is over.
        await using var later = RaceWorkload.BuildInstance(database.ConnectionString, new FakeClock(pastDeadline + Duration.FromMinutes(6)));
        Assert.Equal(1, (await later.GetRequiredService<ConnectedAppsService>().SweepAsync(CancellationToken.None)).ConnectsAbandoned);
        Assert.Equal("ReservationExpired", await database.ScalarAsync<string>("SELECT status FROM shopiq.idempotency_records WHERE store_id = $1 AND provider IS NOT NULL", id.Value));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.idempotency_records WHERE store_id = $1 AND NOT is_final", id.Value));

        await using var muchLater = RaceWorkload.BuildInstance(database.ConnectionString, new FakeClock(pastDeadline + Duration.FromDays(3)));
        var purge = await muchLater.GetRequiredService<ConnectedAppsService>().SweepAsync(CancellationToken.None);
        Assert.Equal(0, purge.ConnectsAbandoned);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.idempotency_records WHERE store_id = $1", id.Value));
        Assert.True((await muchLater.GetRequiredService<ConnectedAppsService>().VerifyAsync(id, CancellationToken.None))!.IsSound);
    }

    private static async Task<(Store Store, StoreId Id)> OpenWithTwoAppsAsync(IStoreRepository repository)
    {
        var id = new StoreId($"f-{Guid.NewGuid():N}");
        var store = TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, new FakeClock(Start), StoreFixture.Merchant);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
        store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), StoreFixture.Merchant);
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 0, store.Ledger.Entries, null, null), CancellationToken.None));
        return (store, id);
    }

    /// <summary>Runs <paramref name="save"/> while another transaction holds the app's connection row; kills the save's backend once it waits.</summary>
    private static async Task<Exception?> WhileBlockedAsync(PostgresDatabase database, StoreId id, string provider, Func<Task<SaveOutcome>> startSave)
    {
        await using var holder = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT 1 FROM shopiq.connections WHERE store_id = $1 AND provider = $2 FOR UPDATE", holder, transaction))
        {
            hold.Parameters.Add(new NpgsqlParameter { Value = id.Value });
            hold.Parameters.Add(new NpgsqlParameter { Value = provider });
            await hold.ExecuteNonQueryAsync();
        }

        var save = Task.Run(startSave);
        var waiting = 0;
        for (var i = 0; i < 600 && waiting == 0; i++)
        {
            await Task.Delay(50);
            waiting = (int)await database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%shopiq.save_%' AND pid <> pg_backend_pid()");
        }

        Assert.Equal(1, waiting);
        await database.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%shopiq.save_%' AND pid <> pg_backend_pid()");

        // Let the killed save's retry (if any) wait a moment on the row too, then let go.
        await Task.Delay(200);
        await transaction.RollbackAsync();
        try
        {
            await save;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static async Task<StoreSnapshot> SnapshotAsync(PostgresDatabase database, StoreId id) => new(
        await database.ScalarAsync<long>("SELECT version FROM shopiq.stores WHERE store_id = $1", id.Value),
        await database.ScalarAsync<int>("SELECT slots_in_use FROM shopiq.stores WHERE store_id = $1", id.Value),
        await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.connections WHERE store_id = $1", id.Value),
        await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.ledger WHERE store_id = $1", id.Value));

    private sealed record StoreSnapshot(long Version, int SlotsInUse, long Connections, long Entries);
}
