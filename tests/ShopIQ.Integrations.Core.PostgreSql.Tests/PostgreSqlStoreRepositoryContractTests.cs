using ShopIQ.Integrations.Core.Tests.Persistence;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>The repository contract every store repository keeps, against a real PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreRepositoryContractTests(PostgresClusterFixture cluster) : StoreRepositoryContract, IAsyncLifetime
{
    private PostgresDatabase? _database;
    private readonly List<IAsyncDisposable> _repositories = [];

    [PostgresTheory]
    [MemberData(nameof(Cases))]
    public Task Contract(string name) => RunAsync(name);

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync(cluster, "contract");

    public async Task DisposeAsync()
    {
        foreach (var repository in _repositories)
        {
            await repository.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override Task<IStoreRepository> CreateAsync()
    {
        var repository = _database!.NewRepository();
        _repositories.Add(repository);
        return Task.FromResult<IStoreRepository>(repository);
    }
}
