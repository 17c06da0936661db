using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// Schema version 4: the database guards the ledger by itself. Whatever SQL a client runs, statements no command ever
/// runs are refused at once (SQLSTATE SQ403), and a transaction that would leave a store disagreeing with its ledger
/// is refused at commit (SQ422); either way nothing changes. The library's own commands still work.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerGuardTests(PostgresClusterFixture cluster) : IAsyncLifetime
{
    /// <summary>A statement no command of the library runs: refused at once.</summary>
    public const string Refused = "SQ403";

    /// <summary>A transaction that leaves a store disagreeing with its ledger: refused at commit.</summary>
    public const string Disagrees = "SQ422";

    private const string InsertLedgerColumns =
        "INSERT INTO shopiq.ledger (store_id, sequence, change_id, at, actor_kind, actor_id, kind, plan_id, allowance, slots_in_use, ai_credits) ";

    /// <summary>Every row of the store (and of any store whose id starts with it) in the four tables, as text.</summary>
    private const string StateSql =
        "SELECT concat_ws(' | ', " +
        "(SELECT json_agg(s ORDER BY store_id)::text FROM shopiq.stores s WHERE starts_with(store_id, $1)), " +
        "(SELECT json_agg(l ORDER BY sequence)::text FROM shopiq.ledger l WHERE store_id = $1), " +
        "(SELECT json_agg(c ORDER BY provider)::text FROM shopiq.connections c WHERE store_id = $1), " +
        "(SELECT json_agg(r ORDER BY key)::text FROM shopiq.idempotency_records r WHERE store_id = $1))";

    private PostgresDatabase? _database;

    private PostgresDatabase Database => _database!;

    /// <summary>
    /// Tampering, each on a store opened with meta-pixel and google-analytics connected (3 entries, 2 of 3 slots), a
    /// final record "final" and an unfinished record "unfinished": the case, the SQL ($1 is the store), the SQLSTATE
    /// expected and the table the error names.
    /// </summary>
    public static TheoryData<string, string, string, string> Tampering => new()
    {
        // The ledger is append-only.
        { "ledger allowance raised", "UPDATE shopiq.ledger SET allowance = 99 WHERE store_id = $1", Refused, "ledger" },
        { "ledger entry's kind rewritten", "UPDATE shopiq.ledger SET kind = 'Disconnected' WHERE store_id = $1 AND sequence = 2", Refused, "ledger" },
        { "ledger deleted", "DELETE FROM shopiq.ledger WHERE store_id = $1", Refused, "ledger" },
        { "last ledger entry deleted", "DELETE FROM shopiq.ledger WHERE store_id = $1 AND sequence = 3", Refused, "ledger" },

        // A store is kept, and agrees with its last entry.
        { "store deleted", "DELETE FROM shopiq.stores WHERE store_id = $1", Refused, "stores" },
        { "store made unlimited and overfull", "UPDATE shopiq.stores SET allowance = NULL, slots_in_use = 50 WHERE store_id = $1", Disagrees, "stores" },
        { "store's version moved on", "UPDATE shopiq.stores SET version = version + 1 WHERE store_id = $1", Disagrees, "stores" },
        { "store's plan changed", "UPDATE shopiq.stores SET plan_id = 'pro', allowance = 10 WHERE store_id = $1", Disagrees, "stores" },
        { "store's AI credits topped up", "UPDATE shopiq.stores SET ai_credits = ai_credits + 1000 WHERE store_id = $1", Disagrees, "stores" },
        { "store's count lowered within the allowance", "UPDATE shopiq.stores SET slots_in_use = slots_in_use - 1 WHERE store_id = $1", Disagrees, "stores" },
        { "store row without a ledger", "INSERT INTO shopiq.stores (store_id, version, plan_id, allowance, slots_in_use, ai_credits) VALUES ($1 || '-twin', 1, 'starter', 3, 0, 100)", Disagrees, "stores" },

        // One connection row per slot in use.
        { "extra connection row", "INSERT INTO shopiq.connections (store_id, provider, state, since_sequence) VALUES ($1, 'wati', 'active', 3)", Disagrees, "connections" },
        { "connection row deleted", "DELETE FROM shopiq.connections WHERE store_id = $1 AND provider = 'meta-pixel'", Disagrees, "connections" },

        // Entries come with their store, without gaps.
        {
            "entry appended without the store",
            InsertLedgerColumns + "SELECT store_id, version + 1, gen_random_uuid(), now(), 'Merchant', 'm', 'AiCreditsUsed', plan_id, allowance, slots_in_use, ai_credits - 1 FROM shopiq.stores WHERE store_id = $1",
            Disagrees,
            "ledger"
        },
        {
            "entry appended past a gap, the store moved to it",
            "WITH moved AS (UPDATE shopiq.stores SET version = version + 2 WHERE store_id = $1 RETURNING *) " +
            InsertLedgerColumns + "SELECT store_id, version, gen_random_uuid(), now(), 'Merchant', 'm', 'PlanChanged', plan_id, allowance, slots_in_use, ai_credits FROM moved",
            Disagrees,
            "ledger"
        },

        // Idempotency records change only as the library changes them.
        { "final record's answer changed", "UPDATE shopiq.idempotency_records SET message = 'something else' WHERE store_id = $1 AND key = 'final'", Refused, "idempotency_records" },
        { "final record made unfinished", "UPDATE shopiq.idempotency_records SET is_final = false WHERE store_id = $1 AND key = 'final'", Refused, "idempotency_records" },
        { "final record's key changed", "UPDATE shopiq.idempotency_records SET key = 'other' WHERE store_id = $1 AND key = 'final'", Refused, "idempotency_records" },
        { "unfinished record's key changed", "UPDATE shopiq.idempotency_records SET key = 'other' WHERE store_id = $1 AND key = 'unfinished'", Refused, "idempotency_records" },
        { "unfinished record moved to another store", "UPDATE shopiq.idempotency_records SET store_id = 'elsewhere', is_final = true WHERE store_id = $1 AND key = 'unfinished'", Refused, "idempotency_records" },
        { "unfinished record completed for another command", "UPDATE shopiq.idempotency_records SET fingerprint = 'another command', is_final = true WHERE store_id = $1 AND key = 'unfinished'", Refused, "idempotency_records" },
        { "unfinished record changed but left unfinished", "UPDATE shopiq.idempotency_records SET message = 'something else' WHERE store_id = $1 AND key = 'unfinished'", Refused, "idempotency_records" },
        { "unfinished record deleted", "DELETE FROM shopiq.idempotency_records WHERE store_id = $1 AND key = 'unfinished'", Refused, "idempotency_records" },

        // No table is emptied at a stroke (shopiq.stores, referred to by the others, only with CASCADE).
        { "ledger truncated", "TRUNCATE shopiq.ledger", Refused, "ledger" },
        { "stores truncated", "TRUNCATE shopiq.stores CASCADE", Refused, "stores" },
        { "connections truncated", "TRUNCATE shopiq.connections", Refused, "connections" },
        { "idempotency records truncated", "TRUNCATE shopiq.idempotency_records", Refused, "idempotency_records" },
    };

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync(cluster, "guards");

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresTheory]
    [MemberData(nameof(Tampering))]
    public async Task Tampering_IsRefusedWithItsSqlState_AndChangesNothing(string tampering, string sql, string sqlState, string table)
    {
        var id = await OpenStoreWithTwoAppsAndTwoRecordsAsync();
        var before = await StateAsync(id);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(sql, id.Value));

        Assert.True(refused.SqlState == sqlState, $"{tampering}: {refused.SqlState} {refused.MessageText}");
        Assert.Equal("shopiq", refused.SchemaName);
        Assert.Equal(table, refused.TableName);
        Assert.Contains(sql.StartsWith("TRUNCATE", StringComparison.Ordinal) ? $"shopiq.{table}" : id.Value, refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(id));
    }

    [PostgresFact]
    public async Task EntryAppendedPastAGap_IsRefusedForTheGap()
    {
        var id = await OpenStoreWithTwoAppsAndTwoRecordsAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(
            "WITH moved AS (UPDATE shopiq.stores SET version = version + 2 WHERE store_id = $1 RETURNING *) " +
            InsertLedgerColumns + "SELECT store_id, version, gen_random_uuid(), now(), 'Merchant', 'm', 'PlanChanged', plan_id, allowance, slots_in_use, ai_credits FROM moved",
            id.Value));

        // The store agrees with entry 5; what is wrong is that no entry 4 comes before it.
        Assert.Equal(Disagrees, refused.SqlState);
        Assert.Contains($"Entry 5 of store {id} follows no entry 4", refused.MessageText, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task AgreementIsCheckedAtCommit_SoATransactionMayPassThroughADisagreementItRepairs()
    {
        var id = await OpenStoreWithTwoAppsAndTwoRecordsAsync();
        var before = await StateAsync(id);

        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // The row goes, then comes back as it was: disagreeing in between, agreeing at commit.
            await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE kept ON COMMIT DROP AS SELECT * FROM shopiq.connections WHERE store_id = $1 AND provider = 'meta-pixel'", id.Value);
            await ExecuteAsync(connection, transaction, "DELETE FROM shopiq.connections WHERE store_id = $1 AND provider = 'meta-pixel'", id.Value);
            await ExecuteAsync(connection, transaction, "INSERT INTO shopiq.connections SELECT * FROM kept");
            await transaction.CommitAsync();
        }

        Assert.Equal(before, await StateAsync(id));

        // The same disagreement left in place is refused when the transaction commits, not before.
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM shopiq.connections WHERE store_id = $1 AND provider = 'meta-pixel'", id.Value);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => transaction.CommitAsync());
            Assert.Equal(Disagrees, refused.SqlState);
            Assert.Contains($"Store {id} has 2 slots in use but 1 connection rows", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(before, await StateAsync(id));
    }

    [PostgresFact]
    public async Task AFinalRecord_IsDeletedByThePurge_AnUnfinishedOneIsKept()
    {
        var id = await OpenStoreWithTwoAppsAndTwoRecordsAsync();
        await using var repository = Database.NewRepository();
        var finals = await Database.ScalarAsync<long>("SELECT count(*) FROM shopiq.idempotency_records WHERE is_final");

        var purged = await repository.PurgeIdempotencyRecordsAsync(StoreFixture.Start + Duration.FromDays(365), CancellationToken.None);

        Assert.Equal(finals, purged);
        Assert.Null((await repository.LoadAsync(id, new IdempotencyKey("final"), CancellationToken.None)).Record);
        Assert.False((await repository.LoadAsync(id, new IdempotencyKey("unfinished"), CancellationToken.None)).Record!.IsFinal);
    }

    [PostgresFact]
    public async Task AnUnfinishedConnect_IsCompletedBySettlingItsReservation_AndThenNeverRewritten()
    {
        await using var repository = Database.NewRepository();
        var (store, id) = await OpenAsync(repository);
        var key = IdempotencyKey.New();
        var fingerprint = $"connect razorpay to {id}";
        Assert.Equal(OutcomeStatus.Reserved, store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), StoreFixture.Merchant).Status);
        var reserved = new IdempotencyRecord(key, fingerprint, false, OutcomeStatus.Reserved, "reserved", BuiltInProviders.Razorpay.Key, 4, StoreFixture.Start, null);
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 3, store.Ledger.Entries.Skip(3), store.NextReservationDeadline(), reserved), CancellationToken.None));

        // The provider answered: the settle's entry and its final record replace the unfinished one.
        Assert.Equal(OutcomeStatus.Activated, store.CompleteConnect(BuiltInProviders.Razorpay.Key, StoreFixture.Merchant).Status);
        var connected = new IdempotencyRecord(key, fingerprint, true, OutcomeStatus.Connected, "connected", BuiltInProviders.Razorpay.Key, 5, StoreFixture.Start, null);
        var settle = new StoreChange(id, 4, store.Ledger.Entries.Skip(4), null, null, null, connected, completesUnfinishedRecord: true);
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(settle, CancellationToken.None));
        Assert.True((await repository.LoadAsync(id, key, CancellationToken.None)).Record!.IsFinal);

        // Final now: a second completion (another change) is a key conflict, and writes nothing.
        var before = await StateAsync(id);
        var again = new IdempotencyRecord(key, fingerprint, true, OutcomeStatus.ReservationExpired, "expired", BuiltInProviders.Razorpay.Key, 5, StoreFixture.Start, null);
        Assert.Equal(SaveOutcome.KeyConflict, await repository.SaveAsync(new StoreChange(id, 5, [], null, null, null, again, completesUnfinishedRecord: true), CancellationToken.None));
        Assert.Equal(before, await StateAsync(id));
    }

    [PostgresFact]
    public async Task AnUnfinishedConnect_IsAbandonedByARecordOnlySave_AndTheResendAfterALostAnswerIsSavedWithoutARewrite()
    {
        await using var repository = Database.NewRepository();
        var (_, id) = await OpenAsync(repository);
        var key = IdempotencyKey.New();
        var fingerprint = $"connect razorpay to {id}";
        var unfinished = new IdempotencyRecord(key, fingerprint, false, OutcomeStatus.Reserved, "reserved", BuiltInProviders.Razorpay.Key, 3, StoreFixture.Start, null);
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 3, [], null, unfinished), CancellationToken.None));

        // As the sweep abandons it: the same key and fingerprint, final, answering ReservationExpired.
        var abandoned = new IdempotencyRecord(key, fingerprint, true, OutcomeStatus.ReservationExpired, "gone", BuiltInProviders.Razorpay.Key, 3, StoreFixture.Start + Duration.FromHours(1), null);
        var abandon = new StoreChange(id, 3, [], null, null, null, abandoned, completesUnfinishedRecord: true);
        var changeId = Guid.NewGuid();
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(abandon, changeId, CancellationToken.None));
        var written = await StateAsync(id);
        var record = (await repository.LoadAsync(id, key, CancellationToken.None)).Record!;
        Assert.True(record.IsFinal);
        Assert.Equal(OutcomeStatus.ReservationExpired, record.Status);

        // Its answer was lost and it is sent again, the store not having moved: saved, and the final record is not rewritten.
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(abandon, changeId, CancellationToken.None));
        Assert.Equal(written, await StateAsync(id));

        // Even a client sending the same change id with other words cannot rewrite it: save_change answers from what is there.
        Assert.Equal("saved", await Database.ScalarAsync<string>(
            "SELECT shopiq.save_change($1, 3, $2, ARRAY[]::bigint[], ARRAY[]::timestamptz[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], " +
            "ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::integer[], ARRAY[]::integer[], ARRAY[]::integer[], ARRAY[]::timestamptz[], ARRAY[]::text[], " +
            "NULL, $3, $4, true, 'Connected', NULL, true, 'rewritten', 'razorpay', 3, now(), NULL, true, NULL, ARRAY[]::uuid[], NULL)",
            id.Value, changeId, key.Value, fingerprint));
        Assert.Equal(written, await StateAsync(id));
    }

    [PostgresFact]
    public async Task TheServicesCommands_AllWorkOnTheGuardedSchema()
    {
        Assert.Equal(PostgresDatabase.GuardNames, await Database.TriggerNamesAsync());
        var id = new StoreId($"svc-{Guid.NewGuid():N}");
        var clock = new FakeClock(StoreFixture.Start);
        await using (var instance = RaceWorkload.BuildInstance(Database.ConnectionString, clock))
        {
            var service = instance.GetRequiredService<ConnectedAppsService>();
            var merchant = StoreFixture.Merchant;
            var setups = RaceWorkload.Apps.ToDictionary(a => a.Key, a => a.Setup);
            var answers = new List<ConnectedAppsResult>
            {
                await service.OpenStoreAsync(new OpenStoreCommand(id, new(RaceWorkload.SmallPlan), merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.ConnectAsync(new ConnectAppCommand(id, new("meta-pixel"), setups["meta-pixel"], merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.ConnectAsync(new ConnectAppCommand(id, new("google-analytics"), setups["google-analytics"], merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.ReplaceAsync(new ReplaceAppCommand(id, new("meta-pixel"), new("amazon-seller-central"), setups["amazon-seller-central"], merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.ChangePlanAsync(new ChangePlanCommand(id, new(RaceWorkload.LargePlan), merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.ConnectAsync(new ConnectAppCommand(id, new("wati"), setups["wati"], merchant, IdempotencyKey.New()), CancellationToken.None),

                // A marketplace is no critical category: no acknowledgement needed.
                await service.DisconnectAsync(new DisconnectAppCommand(id, new("amazon-seller-central"), merchant, IdempotencyKey.New()), CancellationToken.None),
            };

            Assert.Equal(
                [OutcomeStatus.StoreOpened, OutcomeStatus.Connected, OutcomeStatus.Connected, OutcomeStatus.Replaced, OutcomeStatus.PlanChanged, OutcomeStatus.Connected, OutcomeStatus.Disconnected],
                answers.Select(a => a.Status));
            Assert.True((await service.VerifyAsync(id, CancellationToken.None))!.IsSound);
            Assert.Equal(7L, await Database.ScalarAsync<long>("SELECT count(*) FROM shopiq.idempotency_records WHERE store_id = $1 AND is_final", id.Value));
        }

        // Days later the sweep purges the final records (the guard lets final records go).
        await using (var later = RaceWorkload.BuildInstance(Database.ConnectionString, new FakeClock(StoreFixture.Start + Duration.FromDays(3))))
        {
            var service = later.GetRequiredService<ConnectedAppsService>();
            await service.SweepAsync(CancellationToken.None);
            Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM shopiq.idempotency_records WHERE store_id = $1", id.Value));
            Assert.Equal(2, (await service.GetStoreAsync(id, CancellationToken.None))!.SlotsInUse);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(Store Store, StoreId Id)> OpenAsync(IStoreRepository repository)
    {
        var id = new StoreId($"lg-{Guid.NewGuid():N}");
        var store = TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, new FakeClock(StoreFixture.Start), StoreFixture.Merchant);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
        store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), StoreFixture.Merchant);
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 0, store.Ledger.Entries, null, null), CancellationToken.None));
        return (store, id);
    }

    private async Task<StoreId> OpenStoreWithTwoAppsAndTwoRecordsAsync()
    {
        await using var repository = Database.NewRepository();
        var (_, id) = await OpenAsync(repository);
        var final = new IdempotencyRecord(new IdempotencyKey("final"), $"open {id} on starter", true, OutcomeStatus.StoreOpened, "opened", null, 3, StoreFixture.Start, null);
        var unfinished = new IdempotencyRecord(new IdempotencyKey("unfinished"), $"connect wati to {id}", false, OutcomeStatus.Reserved, "reserved", BuiltInProviders.Wati.Key, 3, StoreFixture.Start, null);
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 3, [], null, final), CancellationToken.None));
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 3, [], null, unfinished), CancellationToken.None));
        return id;
    }

    private Task<string> StateAsync(StoreId id) => Database.ScalarAsync<string>(StateSql, id.Value);
}
