using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

public sealed class ConnectedAppsServiceSettleTests
{
    /// <summary>A repository in which another writer saves just before the first save that activates a connection.</summary>
    private sealed class InterleavingRepository(IStoreRepository inner) : IStoreRepository
    {
        public Func<Task>? BeforeActivation { get; set; }

        public Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken) => inner.LoadAsync(store, key, cancellationToken);

        public async Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken)
        {
            if (change.Entries.Any(e => e.Kind == SlotEntryKind.Activated) && BeforeActivation is { } other)
            {
                BeforeActivation = null;
                await other();
            }

            return await inner.SaveAsync(change, cancellationToken);
        }

        public Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken) => inner.FindStoresWithDueReservationsAsync(now, limit, cancellationToken);

        public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken) =>
            inner.FindUnfinishedConnectsAsync(recordedBefore, limit, cancellationToken);

        public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken) => inner.PurgeIdempotencyRecordsAsync(recordedBefore, cancellationToken);


        public Task<Core.SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken) => inner.ReadLedgerAsync(store, cancellationToken);


        public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken) => inner.WriteSnapshotAsync(snapshot, cancellationToken);
    }

    [Fact]
    public async Task ConnectAsync_OtherWriterSavesBeforeActivationWithNoRetriesLeft_ActivatesOrHoldsNoSlot()
    {
        var repository = new InterleavingRepository(new InMemoryStoreRepository());
        var options = ServiceFixture.TestOptions();
        options.MaxConflictRetries = 0;
        using var service = new ConnectedAppsService(
            repository, BuiltInSetups.Adapters, [], new NodaTime.Testing.FakeClock(StoreFixture.Start), Microsoft.Extensions.Options.Options.Create(options), NullLogger<ConnectedAppsService>.Instance, null);
        // The other writer is another instance on the same repository: one instance's own callers take turns on a store.
        using var otherInstance = new ConnectedAppsService(
            repository, BuiltInSetups.Adapters, [], new NodaTime.Testing.FakeClock(StoreFixture.Start), Microsoft.Extensions.Options.Options.Create(options), NullLogger<ConnectedAppsService>.Instance, null);
        var store = ServiceFixture.StoreId;
        await service.OpenStoreAsync(new OpenStoreCommand(store, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        repository.BeforeActivation = () => otherInstance.UseAiCreditsAsync(new UseAiCreditsCommand(store, 1, AiUsePurpose.Summarize, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        var connect = new ConnectAppCommand(store, BuiltInProviders.Razorpay.Key, BuiltInSetups.Razorpay, StoreFixture.Merchant, IdempotencyKey.New());

        var result = await service.ConnectAsync(connect, CancellationToken.None);

        // Either the connect finished, or its Conflict answer ("nothing was saved. Try again.") is true: no slot is held.
        var after = (await service.GetStoreAsync(store, CancellationToken.None))!;
        var truthful = result.Status == OutcomeStatus.Conflict
            ? after.SlotsInUse == 0
            : result.Status == OutcomeStatus.Connected && after.GetApps().Single().State == ConnectionState.Active;
        Assert.True(truthful, $"Answered {result}, but the store holds: {string.Join(", ", after.GetApps())}; a retry with the same key answers {(await service.ConnectAsync(connect, CancellationToken.None)).Status}.");
    }
}
