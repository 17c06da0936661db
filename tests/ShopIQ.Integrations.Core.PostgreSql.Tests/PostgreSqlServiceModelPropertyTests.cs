using FsCheck.Xunit;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using ShopIQ.Integrations.Core.Tests.Properties;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// The domain's model-based property, through the service, with the PostgreSQL repository underneath: every generated
/// sequence runs on its own store in one shared database and is checked after every step against the model (status,
/// stored store, ledger verification, allowance, events, replays). Fewer runs than in memory: each step is real SQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlServiceModelPropertyTests(PostgresClusterFixture cluster) : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private PostgreSqlStoreRepository? _repository;

    [PostgresProperty(Arbitrary = [typeof(ServiceArbitraries)], MaxTest = 150, EndSize = 60, QuietOnSuccess = true)]
    public void R3_AnySequenceThroughTheServiceOnPostgreSql_MatchesModelAndNeverExceedsAllowance(Scenario scenario) => Run(scenario);

    [PostgresProperty(Arbitrary = [typeof(ServiceArbitraries)], MaxTest = 20, StartSize = 100, EndSize = 300, QuietOnSuccess = true)]
    public void R15_AnyLongSequenceThroughTheServiceOnPostgreSql_MatchesModelAndReplaysFromLedger(Scenario scenario) => Run(scenario);

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync(cluster, "model");
        _repository = _database.NewRepository();
    }

    public async Task DisposeAsync()
    {
        if (_repository is not null)
        {
            await _repository.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private void Run(Scenario scenario)
    {
        var id = new StoreId($"p-{Guid.NewGuid():N}");
        try
        {
            ServiceHarness.Run(scenario, new ServiceHarnessCounts(), _repository!, id);
        }
        finally
        {
            _database!.ForgetStoreAsync(id).GetAwaiter().GetResult();
        }
    }
}
