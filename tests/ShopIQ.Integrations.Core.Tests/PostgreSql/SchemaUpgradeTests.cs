using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// The schema script brings a version-2 database up to version 3: the idempotency records written by version 2 (a service
/// word and a store word) read back as the one word, and version 2's functions do not stay beside version 3's as overloads.
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

        // Stand-ins with version 2's signatures (no p_result_data), as a version-2 database has them.
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
}
