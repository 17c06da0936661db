using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime.Testing;
using Npgsql;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>The database keeps the rules by itself, whatever a client sends: constraints, recounting, one schema for many instances.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseGuaranteeTests(PostgresClusterFixture cluster)
{
    [PostgresFact]
    public async Task R3_DirectSqlPushingAStoreOverItsAllowance_IsRefusedByTheCheckConstraint()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "check");
        await using var repository = database.NewRepository();
        var id = await OpenAsync(repository, 2);

        var store = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("UPDATE shopiq.stores SET slots_in_use = allowance + 1 WHERE store_id = $1", id.Value));
        var ledger = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            "INSERT INTO shopiq.ledger (store_id, sequence, change_id, at, actor_kind, actor_id, kind, plan_id, allowance, slots_in_use, ai_credits) " +
            "SELECT store_id, 2, gen_random_uuid(), now(), 'Merchant', 'm', 'Connected', plan_id, allowance, allowance + 1, ai_credits FROM shopiq.stores WHERE store_id = $1",
            id.Value));

        Assert.Equal(PostgresErrorCodes.CheckViolation, store.SqlState);
        Assert.Equal(PostgresErrorCodes.CheckViolation, ledger.SqlState);
    }

    [PostgresFact]
    public async Task R3_AnEntryWhoseCountDisagreesWithTheDatabase_IsRefusedAndNothingIsWritten()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "recount");
        await using var repository = database.NewRepository();
        var id = await OpenAsync(repository, 0);
        var pixel = BuiltInProviders.MetaPixel;
        var lying = new SlotLedgerEntry(2, StoreFixture.Start, StoreFixture.Merchant, SlotEntryKind.Connected, pixel.Key, pixel, TestPlans.Starter.Id, TestPlans.Starter.ConnectedApps, 0, TestPlans.Starter.AiCredits, null, null);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => repository.SaveAsync(new StoreChange(id, 1, [lying], null, null), CancellationToken.None));

        Assert.Contains("the database counts 1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT version FROM shopiq.stores WHERE store_id = $1", id.Value));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.connections WHERE store_id = $1", id.Value));
    }

    [PostgresFact]
    public async Task R12_APlanChangeBelowTheAppsConnected_IsRefusedByTheDatabase()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "downgrade");
        await using var repository = database.NewRepository();
        var id = await OpenAsync(repository, 2);

        // Straight to the function, as a client without the domain's checks would: a downgrade to one slot with two apps connected.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            "SELECT shopiq.save_change($1, 3, gen_random_uuid(), ARRAY[4]::bigint[], ARRAY[now()], ARRAY['Merchant'], ARRAY['m'], ARRAY['PlanChanged'], " +
            "ARRAY[NULL]::text[], ARRAY[NULL]::text[], ARRAY[NULL]::text[], ARRAY['free'], ARRAY[1], ARRAY[2], ARRAY[0], ARRAY[NULL]::timestamptz[], ARRAY[NULL]::text[], " +
            "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL, ARRAY[NULL]::uuid[], NULL)",
            id.Value));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT version FROM shopiq.stores WHERE store_id = $1", id.Value));
    }

    [PostgresFact]
    public async Task R3_ConnectingTheSameAppTwice_IsRefusedByTheUniqueKey()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "unique");
        await using var repository = database.NewRepository();
        var id = await OpenAsync(repository, 1);
        var pixel = BuiltInProviders.MetaPixel;
        var again = new SlotLedgerEntry(3, StoreFixture.Start, StoreFixture.Merchant, SlotEntryKind.Connected, pixel.Key, pixel, TestPlans.Starter.Id, TestPlans.Starter.ConnectedApps, 2, TestPlans.Starter.AiCredits, null, null);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => repository.SaveAsync(new StoreChange(id, 2, [again], null, null), CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(refused.InnerException).SqlState);
    }

    [PostgresFact]
    public async Task SaveInsideAnAmbientTransactionThatRollsBack_IsStillWritten_BecauseItWasAnsweredSaved()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "ambient");
        await using var repository = database.NewRepository();
        var id = new StoreId($"t-{Guid.NewGuid():N}");
        var store = TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, new FakeClock(StoreFixture.Start), StoreFixture.Merchant);

        SaveOutcome saved;
        using (new System.Transactions.TransactionScope(System.Transactions.TransactionScopeAsyncFlowOption.Enabled))
        {
            saved = await repository.SaveAsync(new StoreChange(id, 0, store.Ledger.Entries, null, null), CancellationToken.None);

            // Not completed: a host's scope that rolls back must not take a change answered Saved with it.
        }

        Assert.Equal(SaveOutcome.Saved, saved);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT version FROM shopiq.stores WHERE store_id = $1", id.Value));
    }

    [PostgresFact]
    public async Task SchemaCreation_ByManyInstancesAtOnceAndAgain_IsIdempotent()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "schema");
        await using var a = NpgsqlDataSource.Create(database.ConnectionString);
        await using var b = NpgsqlDataSource.Create(database.ConnectionString);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostgreSqlStoreSchema.EnsureCreatedAsync(i % 2 == 0 ? a : b, CancellationToken.None)));
        await PostgreSqlStoreSchema.EnsureCreatedAsync(a, CancellationToken.None);

        Assert.Equal(6L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'shopiq'"));
        Assert.Contains("CREATE TABLE IF NOT EXISTS shopiq.stores", PostgreSqlStoreSchema.Script, StringComparison.Ordinal);
        var shipped = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "ShopIQ.Integrations.Core.PostgreSql", "Sql", "schema.sql");
        Assert.Equal(File.ReadAllText(shipped), PostgreSqlStoreSchema.Script);
    }

    [PostgresFact]
    public async Task UsePostgreSql_ReplacesTheInMemoryRepositoryAndWorksThroughTheService()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "di");
        var services = new ServiceCollection();
        services.AddShopIQIntegrations(o => o.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2, AiCredits = 10 }))
            .AddBuiltInProviders()
            .UsePostgreSql(database.ConnectionString);
        await using var provider = services.BuildServiceProvider();

        var repository = provider.GetRequiredService<IStoreRepository>();
        var service = provider.GetRequiredService<ConnectedAppsService>();
        var opened = await service.OpenStoreAsync(new OpenStoreCommand(new StoreId("di-1"), new("starter"), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.IsType<PostgreSqlStoreRepository>(repository);
        Assert.True(opened.IsSuccess, opened.ToString());
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT version FROM shopiq.stores WHERE store_id = 'di-1'"));
    }

    [PostgresFact]
    public async Task R15_RepositoryOnACallersDataSource_SavesAndLoads_AndLeavesTheDataSourceOpen()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "ds");
        StoreId id;
        await using (var repository = new PostgreSqlStoreRepository(database.DataSource))
        {
            id = await OpenAsync(repository, 2);
            var ledger = (await repository.ReadLedgerAsync(id, CancellationToken.None))!;
            Assert.Equal(3, ledger.Entries.Count);
            Assert.True(ledger.Verify().IsValid);
        }

        // The caller owns the data source: disposing the repository must not have closed it.
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM shopiq.connections WHERE store_id = $1", id.Value));
    }

    [PostgresFact]
    public async Task RepositoryOnACallersDataSource_WithSettings_UsesThemAndChecksThem()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "dsopt");
        await using var repository = new PostgreSqlStoreRepository(database.DataSource, new PostgreSqlStoreOptions { TransientRetryBudget = TimeSpan.Zero });
        var id = await OpenAsync(repository, 1);

        Assert.Equal(2, (await repository.ReadLedgerAsync(id, CancellationToken.None))!.Entries.Count);
        Assert.Throws<ArgumentNullException>(() => new PostgreSqlStoreRepository(database.DataSource, null!));
        var invalid = Assert.Throws<ArgumentException>(() => new PostgreSqlStoreRepository(database.DataSource, new PostgreSqlStoreOptions { TransientRetryBudget = TimeSpan.FromHours(1) }));
        Assert.Contains("TransientRetryBudget", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UsePostgreSql_WithAConnectionStringAndNoSettingsDelegate_IsRefused()
    {
        var builder = new ServiceCollection().AddShopIQIntegrations(o => o.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2 }));

        Assert.Throws<ArgumentNullException>(() => builder.UsePostgreSql("Host=127.0.0.1", null!));
    }

    [Fact]
    public async Task UsePostgreSql_WithoutAConnectionString_FailsAtStartNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddShopIQIntegrations(o => o.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2 }))
            .UsePostgreSql(o => o.TransientRetryBudget = TimeSpan.FromSeconds(-1));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ShopIQ:Integrations:PostgreSql:ConnectionString is required.", failure.Failures);
        Assert.Contains("ShopIQ:Integrations:PostgreSql:TransientRetryBudget must be between 0 and 5 minutes; it is -00:00:01.", failure.Failures);
    }

    private static async Task<StoreId> OpenAsync(IStoreRepository repository, int apps)
    {
        var id = new StoreId($"g-{Guid.NewGuid():N}");
        var store = TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, new FakeClock(StoreFixture.Start), StoreFixture.Merchant);
        foreach (var provider in new[] { BuiltInProviders.MetaPixel, BuiltInProviders.GoogleAnalytics }.Take(apps))
        {
            store.Connect(provider, Valid(provider), StoreFixture.Merchant);
        }

        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(id, 0, store.Ledger.Entries, null, null), CancellationToken.None));
        return id;
    }
}
