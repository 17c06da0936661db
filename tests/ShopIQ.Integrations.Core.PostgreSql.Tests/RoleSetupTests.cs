using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Testing;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// The role setup docs/postgresql.md recommends, run as it stands: the owner migrates, the application role does all
/// the library does with the privileges granted there and nothing else, and cannot step around the guards.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class RoleSetupTests(PostgresClusterFixture cluster)
{
    [PostgresFact]
    public async Task DocumentedRoles_OwnerMigrates_ApplicationWorksThroughTheLibrary_AndCannotStepAroundTheGuards()
    {
        // Roles belong to the whole cluster, which other tests share: the documented names, made unique.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (owner, app) = ($"shopiq_owner_{suffix}", $"shopiq_app_{suffix}");
        var superuser = cluster.CreateDatabase("roles");
        var name = new NpgsqlConnectionStringBuilder(superuser).Database!;
        var setup = DocumentedSetup()
            .Replace("shopiq_owner", owner, StringComparison.Ordinal)
            .Replace("shopiq_app", app, StringComparison.Ordinal)
            .Replace("DATABASE shopiq TO", $"DATABASE \"{name}\" TO", StringComparison.Ordinal);
        var steps = setup.Split("-- 2.", StringSplitOptions.None);
        Assert.Equal(2, steps.Length);
        var ownerConnection = new NpgsqlConnectionStringBuilder(superuser) { Username = owner }.ConnectionString;
        var appConnection = new NpgsqlConnectionStringBuilder(superuser) { Username = app }.ConnectionString;

        await ExecuteAsync(superuser, steps[0]);
        await using (var ownerSource = NpgsqlDataSource.Create(ownerConnection))
        {
            await PostgreSqlStoreSchema.EnsureCreatedAsync(ownerSource, CancellationToken.None);
        }

        await ExecuteAsync(ownerConnection, "-- 2." + steps[1]);

        // The application role cannot migrate: the schema is the owner's. On a current schema there is nothing to do, so
        // asking is harmless; on an older one (no version named) the script is refused.
        await using (var appSource = NpgsqlDataSource.Create(appConnection))
        {
            await PostgreSqlStoreSchema.EnsureCreatedAsync(appSource, CancellationToken.None);
            await ExecuteAsync(ownerConnection, "COMMENT ON SCHEMA shopiq IS NULL");
            var migrate = await Assert.ThrowsAsync<PostgresException>(() => PostgreSqlStoreSchema.EnsureCreatedAsync(appSource, CancellationToken.None));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, migrate.SqlState);
            await using var ownerSource = NpgsqlDataSource.Create(ownerConnection);
            await PostgreSqlStoreSchema.EnsureCreatedAsync(ownerSource, CancellationToken.None);
        }

        // Everything the library does, as the application role.
        var id = new StoreId($"roles-{suffix}");
        var clock = new FakeClock(StoreFixture.Start);
        await using (var instance = BuildInstance(appConnection, clock))
        {
            var service = instance.GetRequiredService<ConnectedAppsService>();
            var merchant = StoreFixture.Merchant;
            var setups = RaceWorkload.Apps.ToDictionary(a => a.Key, a => a.Setup);
            var answers = new[]
            {
                await service.OpenStoreAsync(new OpenStoreCommand(id, new(RaceWorkload.SmallPlan), merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.ConnectAsync(new ConnectAppCommand(id, new("meta-pixel"), setups["meta-pixel"], merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.ConnectAsync(new ConnectAppCommand(id, new("google-analytics"), setups["google-analytics"], merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.ReplaceAsync(new ReplaceAppCommand(id, new("meta-pixel"), new("amazon-seller-central"), setups["amazon-seller-central"], merchant, IdempotencyKey.New()), CancellationToken.None),
                await service.DisconnectAsync(new DisconnectAppCommand(id, new("amazon-seller-central"), merchant, IdempotencyKey.New()), CancellationToken.None),
            };
            Assert.Equal([OutcomeStatus.StoreOpened, OutcomeStatus.Connected, OutcomeStatus.Connected, OutcomeStatus.Replaced, OutcomeStatus.Disconnected], answers.Select(a => a.Status));
            Assert.True((await service.VerifyAsync(id, CancellationToken.None))!.IsSound);
        }

        await using (var repository = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = appConnection, CreateSchema = false }))
        {
            // A connect left unfinished, abandoned as the sweep does (a record-only save completing it), and a rebuilt snapshot written.
            var key = IdempotencyKey.New();
            var loaded = await repository.LoadAsync(id, null, CancellationToken.None);
            var unfinished = new IdempotencyRecord(key, $"connect wati to {id}", false, OutcomeStatus.Reserved, "reserved", new("wati"), loaded.Version, StoreFixture.Start, null);
            var abandoned = new IdempotencyRecord(key, $"connect wati to {id}", true, OutcomeStatus.ReservationExpired, "gone", new("wati"), loaded.Version, StoreFixture.Start, null);
            Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, loaded.Version, [], null, unfinished), CancellationToken.None));
            Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, loaded.Version, [], null, null, null, abandoned, completesUnfinishedRecord: true), CancellationToken.None));
            Assert.True(await repository.WriteSnapshotAsync(loaded.Snapshot!, CancellationToken.None));

            // The event feed and a subscription's checkpoint, lease and parked events.
            var feed = await repository.ReadFeedAsync(FeedPosition.Start, 100, CancellationToken.None);
            Assert.NotEmpty(feed.Events);
            var lease = Duration.FromSeconds(30);
            Assert.NotNull(await repository.TryLeaseSubscriptionAsync("roles", "app", lease, StoreFixture.Start, CancellationToken.None));
            Assert.True(await repository.CheckpointSubscriptionAsync("roles", "app", feed.Next, lease, StoreFixture.Start, CancellationToken.None));
            Assert.True(await repository.ParkEventAsync(new ParkedEvent("roles", feed.Events[0], 1, "test", StoreFixture.Start), "app", StoreFixture.Start, CancellationToken.None));
            Assert.Equal(feed.Events[0].Id, Assert.Single(await repository.ReadParkedEventsAsync("roles", 10, CancellationToken.None)).Event.Id);
            Assert.True(await repository.RemoveParkedEventAsync("roles", feed.Events[0].Id, CancellationToken.None));
            await repository.ReleaseSubscriptionAsync("roles", "app", CancellationToken.None);
        }

        await using (var later = BuildInstance(appConnection, new FakeClock(StoreFixture.Start + Duration.FromDays(3))))
        {
            // Days later the sweep purges the final records.
            var service = later.GetRequiredService<ConnectedAppsService>();
            await service.SweepAsync(CancellationToken.None);
            Assert.Equal(1, (await service.GetStoreAsync(id, CancellationToken.None))!.SlotsInUse);
        }

        await using var appDatabase = NpgsqlDataSource.Create(appConnection);
        Assert.Equal(0L, await ScalarAsync(appDatabase, $"SELECT count(*) FROM shopiq.idempotency_records WHERE store_id = '{id}'"));

        // What the application role may not do: the privileges refuse it, or else the guards do; nothing changes.
        const string State = "SELECT concat_ws(' | ', (SELECT json_agg(s)::text FROM shopiq.stores s WHERE store_id = $1), " +
            "(SELECT json_agg(l ORDER BY sequence)::text FROM shopiq.ledger l WHERE store_id = $1), " +
            "(SELECT json_agg(c ORDER BY provider)::text FROM shopiq.connections c WHERE store_id = $1))";
        var before = await StateAsync(appDatabase, State, id);
        var refusals = new (string Sql, string SqlState)[]
        {
            ("TRUNCATE shopiq.ledger", PostgresErrorCodes.InsufficientPrivilege),
            ($"UPDATE shopiq.ledger SET allowance = 99 WHERE store_id = '{id}'", PostgresErrorCodes.InsufficientPrivilege),
            ($"DELETE FROM shopiq.stores WHERE store_id = '{id}'", PostgresErrorCodes.InsufficientPrivilege),
            ("ALTER TABLE shopiq.ledger DISABLE TRIGGER ALL", PostgresErrorCodes.InsufficientPrivilege),
            ("DROP TRIGGER ledger_append_only ON shopiq.ledger", PostgresErrorCodes.InsufficientPrivilege),
            ("SET session_replication_role = replica", PostgresErrorCodes.InsufficientPrivilege),
            ($"UPDATE shopiq.stores SET allowance = NULL, slots_in_use = 50 WHERE store_id = '{id}'", LedgerGuardTests.Disagrees),
            ($"DELETE FROM shopiq.connections WHERE store_id = '{id}'", LedgerGuardTests.Disagrees),
            ($"INSERT INTO shopiq.idempotency_records (store_id, key, change_id, fingerprint, is_final, status, is_success, message, store_version, recorded_at) VALUES ('{id}', 'k', gen_random_uuid(), 'f', false, 'Reserved', true, 'm', 1, now()); " +
                $"DELETE FROM shopiq.idempotency_records WHERE store_id = '{id}' AND key = 'k'", LedgerGuardTests.Refused),
        };
        foreach (var (sql, sqlState) in refusals)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var command = appDatabase.CreateCommand(sql);
                await command.ExecuteNonQueryAsync();
            });
            Assert.True(refused.SqlState == sqlState, $"{sql}: {refused.SqlState} {refused.MessageText}");
        }

        Assert.Equal(before, await StateAsync(appDatabase, State, id));
        Assert.Equal(1L, await ScalarAsync(appDatabase, $"SELECT count(*) FROM shopiq.connections WHERE store_id = '{id}'"));
    }

    /// <summary>The SQL block between the role-setup markers of docs/postgresql.md.</summary>
    private static string DocumentedSetup()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "postgresql.md"));
        var block = RoleSetupBlock().Match(doc);
        Assert.True(block.Success, "docs/postgresql.md has no ```sql block between <!-- role-setup:begin --> and <!-- role-setup:end -->.");
        return block.Groups[1].Value;
    }

    [GeneratedRegex(@"<!-- role-setup:begin -->\s*```sql\n(.*?)```\s*<!-- role-setup:end -->", RegexOptions.Singleline)]
    private static partial Regex RoleSetupBlock();

    private static ServiceProvider BuildInstance(string connectionString, IClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = RaceWorkload.SmallPlan, Name = "Small", Tier = 1, ConnectedApps = 2, AiCredits = 100 }))
            .AddBuiltInProviders()
            .UsePostgreSql(connectionString, options => options.CreateSchema = false);
        return services.BuildServiceProvider();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> StateAsync(NpgsqlDataSource dataSource, string sql, StoreId store)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = store.Value });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
