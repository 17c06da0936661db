using NodaTime.Testing;
using Npgsql;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// The schema script brings a version-2 database up to version 3: the idempotency records written by version 2 (a service
/// word and a store word) read back as the one word, and version 2's functions do not stay beside version 3's as overloads.
/// It brings a version-3 database (made by version 3's own script, kept in Schemas/) up to version 4: the data written
/// before reads back and goes on working, and the guards hold from then on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaUpgradeTests(PostgresClusterFixture cluster)
{
    private const string InsertVersion2Record =
        "INSERT INTO shopiq.idempotency_records (store_id, key, change_id, fingerprint, is_final, status, outcome, is_success, message, provider, store_version, recorded_at) " +
        "VALUES ($1, $2, gen_random_uuid(), $3, true, $4, $5, $6, 'as version 2 wrote it', NULL, 1, now())";

    [PostgresFact]
    public async Task Version2IdempotencyRecords_ReadAsTheOneWord_AfterTheScriptRuns()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "upgrade3");
        var store = new StoreId("store-upgrade");

        // Version 2's table had no result_data; its rows kept the service's word in status and the store's in outcome.
        await database.ExecuteAsync("ALTER TABLE shopiq.idempotency_records DROP COLUMN result_data");
        await database.ExecuteAsync("COMMENT ON SCHEMA shopiq IS NULL"); // a version-2 schema names no version
        var rows = new (string Key, string Fingerprint, string Status, object Outcome, bool IsSuccess, OutcomeStatus Expected)[]
        {
            ("disconnect", "disconnect razorpay from store-upgrade", "Completed", "Disconnected", true, OutcomeStatus.Disconnected),
            ("limit", "connect wati to store-upgrade", "Completed", "LimitReached", false, OutcomeStatus.LimitReached),
            ("open", "open store-upgrade on starter", "Completed", DBNull.Value, true, OutcomeStatus.StoreOpened),
            ("health", "check the health of wati in store-upgrade", "Completed", DBNull.Value, true, OutcomeStatus.HealthChecked),
            ("refused", "connect razorpay to store-upgrade", "ProviderRefused", "Released", false, OutcomeStatus.ProviderRefused),
            ("conflict", "connect shiprocket to store-upgrade", "Conflict", DBNull.Value, false, OutcomeStatus.Conflict),
        };
        foreach (var row in rows)
        {
            await database.ExecuteAsync(InsertVersion2Record, store.Value, row.Key, row.Fingerprint, row.Status, row.Outcome, row.IsSuccess);
        }

        await PostgreSqlStoreSchema.EnsureCreatedAsync(database.DataSource, CancellationToken.None);
        await PostgreSqlStoreSchema.EnsureCreatedAsync(database.DataSource, CancellationToken.None);

        await using var repository = database.NewRepository();
        foreach (var row in rows)
        {
            var record = (await repository.LoadAsync(store, new IdempotencyKey(row.Key), CancellationToken.None)).Record;
            Assert.NotNull(record);
            Assert.Equal(row.Expected, record.Status);
            Assert.Equal(row.IsSuccess, record.IsSuccess);
            Assert.Null(record.ResultData);
        }
    }

    [PostgresFact]
    public async Task Version2Functions_AreReplaced_NotLeftBesideVersion3sAsOverloads()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "upgrade3fn");

        // Stand-ins with version 2's signatures (no p_result_data), as a version-2 database has them (and no version named).
        await database.ExecuteAsync("COMMENT ON SCHEMA shopiq IS NULL");
        await database.ExecuteAsync(
            "CREATE FUNCTION shopiq.save_entry(text, bigint, uuid, bigint, timestamptz, text, text, text, text, text, text, text, integer, " +
            "integer, integer, timestamptz, text, timestamptz, text, text, boolean, text, text, boolean, text, text, bigint, timestamptz, bytea, boolean) " +
            "RETURNS text LANGUAGE sql AS $$ SELECT 'version 2' $$");
        await database.ExecuteAsync(
            "CREATE FUNCTION shopiq.save_change(text, bigint, uuid, bigint[], timestamptz[], text[], text[], text[], text[], text[], text[], " +
            "text[], integer[], integer[], integer[], timestamptz[], text[], timestamptz, text, text, boolean, text, text, boolean, text, text, " +
            "bigint, timestamptz, bytea, boolean) RETURNS text LANGUAGE sql AS $$ SELECT 'version 2' $$");
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE proname = 'save_entry' AND pronamespace = 'shopiq'::regnamespace"));

        await PostgreSqlStoreSchema.EnsureCreatedAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE proname = 'save_entry' AND pronamespace = 'shopiq'::regnamespace"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE proname = 'save_change' AND pronamespace = 'shopiq'::regnamespace"));
    }

    [PostgresFact]
    public async Task Version3Database_WithDataWrittenThroughTheLibrary_IsUpgradedToTheCurrentVersion_ReadsBack_AndIsGuarded()
    {
        await using var database = await PostgresDatabase.CreateWithSchemaAsync(cluster, "upgrade4", PostgresDatabase.EarlierSchema(3));
        Assert.Empty(await database.TriggerNamesAsync());
        var id = new StoreId($"up-{Guid.NewGuid():N}");
        var store = TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, new FakeClock(StoreFixture.Start), StoreFixture.Merchant);
        var open = new IdempotencyRecord(IdempotencyKey.New(), $"open {id} on starter", true, OutcomeStatus.StoreOpened, "opened", null, 1, StoreFixture.Start, null);
        var reserveKey = IdempotencyKey.New();
        var fingerprint = $"connect razorpay to {id}";

        // Version 3, written through the library (a repository that leaves the schema as it is): a store with an app
        // connected, one disconnected, and a connect still waiting for its provider (an unfinished record). Today's
        // library passes the change's events too: forwarders with today's signatures drop them and call version 3's
        // functions, which write exactly what a version-3 library wrote.
        await database.ExecuteAsync(Forwarder("save_change", Version3SaveChange));
        await database.ExecuteAsync(Forwarder("save_entry", Version3SaveEntry));
        await using (var repository = database.NewRepositoryOnTheSchemaAsItIs())
        {
            store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
            store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), StoreFixture.Merchant);
            Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 0, store.Ledger.Entries, store.TakeSnapshot(), null, null, open, false), CancellationToken.None));
            store.Disconnect(BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant);
            store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), StoreFixture.Merchant);
            var reserved = new IdempotencyRecord(reserveKey, fingerprint, false, OutcomeStatus.Reserved, "reserved", BuiltInProviders.Razorpay.Key, 5, StoreFixture.Start, null);
            Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 3, store.Ledger.Entries.Skip(3), store.TakeSnapshot(), null, null, reserved, false), CancellationToken.None));
        }

        var ledgerBefore = await database.ScalarAsync<string>("SELECT json_agg(to_jsonb(l) - 'events' - 'tx_id' ORDER BY sequence)::text FROM shopiq.ledger l WHERE store_id = $1", id.Value);

        await PostgreSqlStoreSchema.EnsureCreatedAsync(database.DataSource, CancellationToken.None);
        await PostgreSqlStoreSchema.EnsureCreatedAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(PostgresDatabase.GuardNames, await database.TriggerNamesAsync());
        Assert.Equal(ledgerBefore, await database.ScalarAsync<string>("SELECT json_agg(to_jsonb(l) - 'events' - 'tx_id' ORDER BY sequence)::text FROM shopiq.ledger l WHERE store_id = $1", id.Value));
        await using (var repository = database.NewRepository())
        {
            // What version 3 wrote reads back: the snapshot, the ledger, both records.
            var loaded = await repository.LoadAsync(id, open.Key, CancellationToken.None);
            Assert.Equal(5, loaded.Version);
            Assert.Equal(store.TakeSnapshot().ToBytes().ToArray(), loaded.Snapshot!.ToBytes().ToArray());
            Assert.Equal(store.Ledger.Entries, (await repository.ReadLedgerAsync(id, CancellationToken.None))!.Entries);
            Assert.Equal(OutcomeStatus.StoreOpened, loaded.Record!.Status);
            Assert.False((await repository.LoadAsync(id, reserveKey, CancellationToken.None)).Record!.IsFinal);

            // And goes on working: the waiting connect settles, completing its unfinished record.
            store.CompleteConnect(BuiltInProviders.Razorpay.Key, StoreFixture.Merchant);
            var connected = new IdempotencyRecord(reserveKey, fingerprint, true, OutcomeStatus.Connected, "connected", BuiltInProviders.Razorpay.Key, 6, StoreFixture.Start, null);
            Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 5, store.Ledger.Entries.Skip(5), store.TakeSnapshot(), null, null, connected, true), CancellationToken.None));
            Assert.True((await repository.LoadAsync(id, reserveKey, CancellationToken.None)).Record!.IsFinal);
        }

        // The guards now hold on the data written before the upgrade.
        var rewrite = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("UPDATE shopiq.ledger SET allowance = 99 WHERE store_id = $1", id.Value));
        var overfill = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("UPDATE shopiq.stores SET allowance = NULL, slots_in_use = 50 WHERE store_id = $1", id.Value));
        var extra = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("INSERT INTO shopiq.connections (store_id, provider, state, since_sequence) VALUES ($1, 'wati', 'active', 6)", id.Value));
        var answer = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("UPDATE shopiq.idempotency_records SET message = 'other' WHERE store_id = $1", id.Value));
        Assert.Equal(["SQ403", "SQ422", "SQ422", "SQ403"], new[] { rewrite, overfill, extra, answer }.Select(e => e.SqlState));
        Assert.Equal(6L, await database.ScalarAsync<long>("SELECT version FROM shopiq.stores WHERE store_id = $1", id.Value));
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.connections WHERE store_id = $1", id.Value));
    }

    private const string Version3SaveChange =
        "text, bigint, uuid, bigint[], timestamptz[], text[], text[], text[], text[], text[], text[], text[], integer[], integer[], integer[], " +
        "timestamptz[], text[], timestamptz, text, text, boolean, text, text, boolean, text, text, bigint, timestamptz, bytea, boolean, text, uuid[]";

    private const string Version3SaveEntry =
        "text, bigint, uuid, bigint, timestamptz, text, text, text, text, text, text, text, integer, integer, integer, " +
        "timestamptz, text, timestamptz, text, text, boolean, text, text, boolean, text, text, bigint, timestamptz, bytea, boolean, text, uuid";

    /// <summary>A function with today's signature (the old one plus the events) that calls the old one without them.</summary>
    private static string Forwarder(string name, string oldSignature)
    {
        var count = oldSignature.Split(',').Length;
        var arguments = string.Join(", ", Enumerable.Range(1, count).Select(i => $"${i}"));
        return $"CREATE FUNCTION shopiq.{name}({oldSignature}, bytea) RETURNS text LANGUAGE sql AS $$ SELECT shopiq.{name}({arguments}) $$";
    }
}
