using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Persistence;

public sealed class InMemoryStoreRepositoryTests : StoreRepositoryContract
{
    private static readonly StoreId StoreId = new("store-1");
    private static readonly Instant Start = StoreFixture.Start;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Contract(string name) => RunAsync(name);

    [Fact]
    public async Task ReadLedgerAsync_SameVersion_SharesOneLedgerThatLaterSavesLeaveAlone()
    {
        var repository = new InMemoryStoreRepository();
        var store = OpenStore(StoreId);
        await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, null), CancellationToken.None);

        var first = await repository.ReadLedgerAsync(StoreId, CancellationToken.None);
        var second = await repository.ReadLedgerAsync(StoreId, CancellationToken.None);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
        await repository.SaveAsync(new StoreChange(StoreId, 1, store.Ledger.Entries.Skip(1), null, null), CancellationToken.None);
        var third = await repository.ReadLedgerAsync(StoreId, CancellationToken.None);

        Assert.Same(first, second);
        Assert.Single(first!.Entries);
        Assert.NotSame(first, third);
        Assert.Equal(2, third!.Entries.Count);
    }

    protected override Task<IStoreRepository> CreateAsync() => Task.FromResult<IStoreRepository>(new InMemoryStoreRepository());

    private static Store OpenStore(StoreId id) => TestStores.Open(id, TestPlans.Starter.Id, TestPlans.Policy, new FakeClock(Start), StoreFixture.Merchant);
}
