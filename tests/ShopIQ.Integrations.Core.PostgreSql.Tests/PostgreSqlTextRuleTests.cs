using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;
using ShopIQ.Integrations.Core.Tests.Properties;
using ShopIQ.Integrations.Core.Tests.Services;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>
/// One text rule, both stores: adapter text that PostgreSQL cannot encode (half an emoji) is cleaned before it is saved,
/// so a connect the provider refused answers ProviderRefused and holds no slot on PostgreSQL as in memory; and any
/// generated text through the service gives the same answer on both repositories.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlTextRuleTests(PostgresClusterFixture cluster) : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private PostgreSqlStoreRepository? _repository;

    [PostgresFact]
    public async Task Issue17_RefusalReasonWithHalfAnEmoji_OnPostgreSql_AnswersProviderRefusedHoldsNoSlotAndReplays()
    {
        var twoSaves = new StoreId($"e-{Guid.NewGuid():N}");
        var oneSave = new StoreId($"f-{Guid.NewGuid():N}");
        try
        {
            await TextRuleRegression.HalfEmojiRefusalAsync(_repository!, twoSaves, callsOut: true);
            await TextRuleRegression.HalfEmojiRefusalAsync(_repository!, oneSave, callsOut: false);
        }
        finally
        {
            await _database!.ForgetStoreAsync(twoSaves);
            await _database!.ForgetStoreAsync(oneSave);
        }
    }

    [PostgresProperty(Arbitrary = [typeof(TextArbitraries)], MaxTest = 60, QuietOnSuccess = true)]
    public void AnyTextThroughTheService_GivesTheSameAnswerOnPostgreSqlAsInMemory(TextCase input)
    {
        var suffix = Guid.NewGuid().ToString("N");
        var (onPostgres, stores) = (string.Empty, (IReadOnlyList<StoreId>)[]);
        try
        {
            (onPostgres, stores) = TextRuleHarness.Run(input, _repository!, suffix);
        }
        finally
        {
            foreach (var store in stores.Append(new StoreId("t-" + suffix)).Append(new StoreId("u-" + suffix)))
            {
                _database!.ForgetStoreAsync(store).GetAwaiter().GetResult();
            }
        }

        var (inMemory, _) = TextRuleHarness.Run(input, new InMemoryStoreRepository(), suffix);
        Assert.Equal(inMemory, onPostgres);
    }

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync(cluster, "text");
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
}
