using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// An instance keeps each store's latest snapshot, so a command on a warm store is one repository call, the save,
/// whose version check finds a store changed elsewhere; recording activity always reads first. Every way a store
/// is read (a command, a read, a rebuild, a sound audit) warms it; a failed save or an audit that rewrote the snapshot
/// makes the next command read again, so nothing is ever decided twice on a store that is not the saved one.
/// </summary>
public sealed class WarmStoreTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task R3_CommandsOnAWarmStore_ReadNothing_AndActivityAlwaysReads()
    {
        var (fixture, counting) = await OpenAsync(o => { });
        using (fixture)
        {
            await fixture.WithAsync(BuiltInProviders.MetaPixel, BuiltInProviders.Shiprocket);
            counting.Reset();

            Assert.Equal(OutcomeStatus.AiCreditsUsed, (await UseCreditAsync(fixture.Service)).Status);
            Assert.Equal(OutcomeStatus.Disconnected, (await fixture.Service.DisconnectAsync(Disconnect(BuiltInProviders.MetaPixel.Key), CancellationToken.None)).Status);
            Assert.Equal((0, 2), (counting.Loads, counting.Saves));

            var activity = await fixture.Service.RecordActivityAsync(new RecordActivityCommand(StoreId, BuiltInProviders.Shiprocket.Key, Merchant, IdempotencyKey.New()), CancellationToken.None);

            Assert.Equal(OutcomeStatus.ActivityRecorded, activity.Status);
            Assert.Equal(1, counting.Loads);
        }
    }

    [Fact]
    public async Task R3_AStoreRead_OrRebuiltFromItsLedger_OrSoundlyAudited_IsWarmForTheNextCommand()
    {
        var (fixture, counting) = await OpenAsync(o => { });
        using (fixture)
        {
            await fixture.WithAsync(BuiltInProviders.MetaPixel);

            foreach (var warm in new Func<ConnectedAppsService, Task>[]
            {
                s => s.GetStoreAsync(StoreId, CancellationToken.None),
                s => s.VerifyAsync(StoreId, CancellationToken.None),
            })
            {
                using var cold = fixture.ServiceWith(BuiltInSetups.Adapters);
                await warm(cold);
                counting.Reset();

                Assert.Equal(OutcomeStatus.AiCreditsUsed, (await UseCreditAsync(cold)).Status);
                Assert.Equal((0, 1), (counting.Loads, counting.Saves));
            }
        }
    }

    [Fact]
    public async Task R15_AStoreRebuiltForLackOfASnapshot_IsWarmForTheNextCommand()
    {
        var repository = new InMemoryStoreRepository();
        var store = TestStores.Open(StoreId, TestPlans.Starter.Id, TestPlans.Policy, new NodaTime.Testing.FakeClock(StoreFixture.Start), Merchant);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, null), CancellationToken.None));
        var counting = new CountingRepository(repository);
        using var fixture = new ServiceFixture([], _ => { }, _ => counting, _ => []);
        Assert.NotNull(await fixture.Service.GetStoreAsync(StoreId, CancellationToken.None));
        counting.Reset();

        Assert.Equal(OutcomeStatus.AiCreditsUsed, (await UseCreditAsync(fixture.Service)).Status);
        Assert.Equal((0, 1), (counting.Loads, counting.Saves));
    }

    [Fact]
    public async Task R15_AnAuditThatRewroteTheSnapshot_MakesTheNextCommandDecideOnTheRewrittenStore()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        var liar = TestStores.Open(StoreId, TestPlans.Starter.Id, TestPlans.Policy, fixture.Clock, Merchant);
        liar.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);
        liar.RecordActivity(BuiltInProviders.Shiprocket.Key, Merchant);
        Assert.True(await fixture.Repository.WriteSnapshotAsync(liar.TakeSnapshot(), CancellationToken.None));
        using var fresh = fixture.ServiceWith(BuiltInSetups.Adapters);
        Assert.Equal([BuiltInProviders.Shiprocket.Key], (await fresh.GetStoreAsync(StoreId, CancellationToken.None))!.GetApps().Select(a => a.Key)); // warm, on the lie

        Assert.True((await fresh.VerifyAsync(StoreId, CancellationToken.None))!.SnapshotRewritten);
        var disconnect = await fresh.DisconnectAsync(Disconnect(BuiltInProviders.MetaPixel.Key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Disconnected, disconnect.Status);
        Assert.True((await fresh.VerifyAsync(StoreId, CancellationToken.None))!.IsSound);
    }

    [Fact]
    public async Task R3_AfterASaveThatConflicted_TheNextCommandReadsTheStoreAgain()
    {
        var (fixture, counting) = await OpenAsync(o => o.MaxConflictRetries = 0);
        using (fixture)
        {
            await fixture.WithAsync(BuiltInProviders.MetaPixel);
            using var other = fixture.ServiceWith(BuiltInSetups.Adapters);
            Assert.Equal(OutcomeStatus.AiCreditsUsed, (await UseCreditAsync(other)).Status);

            // This instance decides on its older snapshot: the save's version check refuses it, and no retry is allowed.
            Assert.Equal(OutcomeStatus.Conflict, (await UseCreditAsync(fixture.Service)).Status);
            counting.Reset();

            Assert.Equal(OutcomeStatus.AiCreditsUsed, (await UseCreditAsync(fixture.Service)).Status);
            Assert.Equal((1, 1), (counting.Loads, counting.Saves));
        }
    }

    [Fact]
    public async Task R3_AfterASaveThatFailedOnceWritten_TheNextCommandReadsTheStoreAgain()
    {
        FaultyRepository? faulty = null;
        using var fixture = await new ServiceFixture([], o => o.MaxConflictRetries = 0, r => faulty = new FaultyRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        faulty!.FailSaves(faulty.Saves + 1, 1, afterWriting: true, () => new TimeoutException("answer lost"));

        await Assert.ThrowsAsync<TimeoutException>(() => UseCreditAsync(fixture.Service));

        Assert.Equal(OutcomeStatus.AiCreditsUsed, (await UseCreditAsync(fixture.Service)).Status);
        Assert.Equal(TestPlans.Starter.AiCredits - 2, (await fixture.StoreAsync()).AiCreditBalance);
    }

    private static async Task<(ServiceFixture Fixture, CountingRepository Counting)> OpenAsync(Action<ConnectedAppsOptions> configure)
    {
        CountingRepository? counting = null;
        var fixture = await new ServiceFixture([], configure, r => counting = new CountingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        return (fixture, counting!);
    }

    private static Task<ConnectedAppsResult> UseCreditAsync(ConnectedAppsService service) =>
        service.UseAiCreditsAsync(new UseAiCreditsCommand(StoreId, 1, AiUsePurpose.Analyze, Merchant, IdempotencyKey.New()), CancellationToken.None);

    private static DisconnectAppCommand Disconnect(ProviderKey provider) => new(StoreId, provider, Merchant, IdempotencyKey.New());

    /// <summary>Counts the loads and saves every instance on it makes; every call passes through.</summary>
    private sealed class CountingRepository(IStoreRepository inner) : IStoreRepository
    {
        private int _loads;
        private int _saves;

        public int Loads => Volatile.Read(ref _loads);

        public int Saves => Volatile.Read(ref _saves);

        public void Reset()
        {
            Volatile.Write(ref _loads, 0);
            Volatile.Write(ref _saves, 0);
        }

        public Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _loads);
            return inner.LoadAsync(store, key, cancellationToken);
        }

        public Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _saves);
            return inner.SaveAsync(change, cancellationToken);
        }

        public Task<SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken) => inner.ReadLedgerAsync(store, cancellationToken);

        public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken) => inner.WriteSnapshotAsync(snapshot, cancellationToken);

        public Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken) =>
            inner.FindStoresWithDueReservationsAsync(now, limit, cancellationToken);

        public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken) =>
            inner.FindUnfinishedConnectsAsync(recordedBefore, limit, cancellationToken);

        public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken) =>
            inner.PurgeIdempotencyRecordsAsync(recordedBefore, cancellationToken);
    }
}
