using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using ShopIQ.Integrations.Core.Diagnostics;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// What keeps a command's cost flat over a store's life: snapshots beside the ledger, the per-instance cache, coalesced
/// activity, one save for a connect that makes no remote call; and that none of it gives up R3, R6, R15 or idempotency.
/// </summary>
public sealed class ConnectedAppsServiceStoreAgeTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;

    [Fact]
    public async Task R6_GetStore_AfterThePendingLifetime_ShowsTheSlotFreeWithoutWriting()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var gate = adapter.Gated();
        var connect = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await gate.WaitUntilCalledAsync(connect);
        var versionBefore = (await fixture.LedgerAsync()).LastSequence;

        fixture.Clock.Advance(Duration.FromMinutes(31));
        var store = await fixture.StoreAsync();

        Assert.Equal(0, store.SlotsInUse);
        Assert.Empty(store.GetApps());
        Assert.Equal(versionBefore, (await fixture.LedgerAsync()).LastSequence);
        gate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
    }

    [Fact]
    public async Task R11_RecordActivity_WithinTheResolution_AnswersRecordedWithoutASave()
    {
        ConflictingRepository? counting = null;
        using var fixture = await new ServiceFixture([], o => o.ActivityResolution = TimeSpan.FromHours(1), r => counting = new ConflictingRepository(r), _ => [])
            .OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        Assert.Equal(OutcomeStatus.ActivityRecorded, (await RecordActivityAsync(fixture)).Status);
        var recordedAt = fixture.Clock.GetCurrentInstant();
        var ledgerBefore = (await fixture.LedgerAsync()).LastSequence;
        counting!.ConflictOnNextSaves(0);

        fixture.Clock.Advance(Duration.FromMinutes(59));
        var within = await RecordActivityAsync(fixture);

        Assert.False(within.IsReplay);
        Assert.Equal(OutcomeStatus.ActivityRecorded, within.Status);
        Assert.Equal(0, counting.SaveAttempts);
        Assert.Equal(ledgerBefore, (await fixture.LedgerAsync()).LastSequence);
        Assert.Equal(recordedAt, Assert.Single((await fixture.StoreAsync()).GetApps()).LastActivityAt);

        fixture.Clock.Advance(Duration.FromMinutes(1));
        var after = await RecordActivityAsync(fixture);

        Assert.Equal(OutcomeStatus.ActivityRecorded, after.Status);
        Assert.Equal(1, counting.SaveAttempts);
        Assert.Equal(SlotEntryKind.ActivityRecorded, (await fixture.LedgerAsync()).Entries[^1].Kind);
        Assert.Equal(fixture.Clock.GetCurrentInstant(), Assert.Single((await fixture.StoreAsync()).GetApps()).LastActivityAt);
    }

    [Fact]
    public async Task R6_Connect_AdapterThatMakesNoRemoteCall_ReservesAndActivatesInOneSave()
    {
        ConflictingRepository? counting = null;
        using var fixture = await new ServiceFixture([], _ => { }, r => counting = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        counting!.ConflictOnNextSaves(0);

        var result = await fixture.ConnectAsync(BuiltInProviders.Razorpay.Key, BuiltInSetups.Razorpay);

        Assert.Equal(OutcomeStatus.Connected, result.Status);
        Assert.Equal(1, counting.SaveAttempts);
        Assert.Equal([SlotEntryKind.Reserved, SlotEntryKind.Activated], (await fixture.LedgerAsync()).Entries.Skip(1).Select(e => e.Kind));
    }

    [Fact]
    public async Task R6_Connect_AdapterThatMakesNoRemoteCallRefuses_ReleasesInTheSameSave()
    {
        ConflictingRepository? counting = null;
        var refusing = new RefusingOfflineProvider();
        using var fixture = await new ServiceFixture([refusing], _ => { }, r => counting = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        counting!.ConflictOnNextSaves(0);

        var result = await fixture.ConnectAsync(RefusingOfflineProvider.Key, ProviderSetup.Empty);

        Assert.Equal(OutcomeStatus.ProviderRefused, result.Status);
        Assert.Contains("suspended", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, counting.SaveAttempts);
        Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
        Assert.Equal([SlotEntryKind.Reserved, SlotEntryKind.Released], (await fixture.LedgerAsync()).Entries.Skip(1).Select(e => e.Kind));
    }

    [Fact]
    public async Task R3_WarmInstance_StoreChangedByAnotherInstance_DecidesAgainOnTheStoreAsSaved()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        using var other = fixture.ServiceWith(BuiltInSetups.Adapters);

        // The other instance frees Meta Pixel's slot; this instance still holds the store with Meta Pixel in its cache.
        Assert.Equal(OutcomeStatus.Disconnected, (await other.DisconnectAsync(Disconnect(BuiltInProviders.MetaPixel.Key), CancellationToken.None)).Status);
        var again = await fixture.Service.DisconnectAsync(Disconnect(BuiltInProviders.MetaPixel.Key), CancellationToken.None);

        Assert.False(again.IsReplay);
        Assert.Equal(OutcomeStatus.NotConnected, again.Status);
        Assert.Single((await fixture.LedgerAsync()).Entries, e => e.Kind == SlotEntryKind.Disconnected);
    }

    [Fact]
    public async Task Idempotency_SameKeySentToTwoWarmInstancesAtOnce_ActsOnceAndBothAnswerIt()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel, BuiltInProviders.Shiprocket);
        using var other = fixture.ServiceWith(BuiltInSetups.Adapters);
        Assert.NotNull(await other.GetStoreAsync(StoreId, CancellationToken.None)); // both instances warm
        var command = Disconnect(BuiltInProviders.MetaPixel.Key);

        var answers = await Task.WhenAll(
            Task.Run(() => fixture.Service.DisconnectAsync(command, CancellationToken.None)),
            Task.Run(() => other.DisconnectAsync(command, CancellationToken.None)));

        Assert.All(answers, a => Assert.Equal(OutcomeStatus.Disconnected, a.Status));
        Assert.Single(answers, a => !a.IsReplay);
        Assert.Single(answers, a => a.IsReplay);
        Assert.Single((await fixture.LedgerAsync()).Entries, e => e.Kind == SlotEntryKind.Disconnected);
    }

    [Fact]
    public async Task Idempotency_KeyInProgressOnOneInstance_IsNeverTakenOverByAnotherCommandOnAnother()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        using var other = fixture.ServiceWith(BuiltInSetups.Adapters.Append(adapter));
        Assert.NotNull(await other.GetStoreAsync(StoreId, CancellationToken.None));
        var gate = adapter.Gated();
        var key = IdempotencyKey.New();
        var connect = fixture.Service.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, key), CancellationToken.None);
        await gate.WaitUntilCalledAsync(connect);

        var reused = await other.DisconnectAsync(new DisconnectAppCommand(StoreId, BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant, key), CancellationToken.None);
        var resent = await other.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, key), CancellationToken.None);
        gate.Answer(ProviderCallResult.Success);
        var connected = await connect;

        Assert.Equal(OutcomeStatus.KeyReused, reused.Status);
        Assert.Equal(OutcomeStatus.InProgress, resent.Status);
        Assert.Equal(OutcomeStatus.Connected, connected.Status);
        Assert.Contains((await fixture.StoreAsync()).GetApps(), a => a.Key == BuiltInProviders.MetaPixel.Key);
        var replay = await other.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, key), CancellationToken.None);
        Assert.True(replay.IsReplay);
        Assert.Equal(OutcomeStatus.Connected, replay.Status);
    }

    [Fact]
    public async Task R15_SnapshotThatCannotBeTrusted_StoreIsRebuiltFromItsLedger_RewrittenAndCounted()
    {
        var corrupting = new CorruptingRepository(new InMemoryStoreRepository());
        using var fixture = await new ServiceFixture([], _ => { }, _ => corrupting, _ => []).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel, BuiltInProviders.Shiprocket);
        using var fresh = NewService(corrupting, fixture);
        var rebuilt = new List<string>();
        using var listener = ListenForRebuilds(rebuilt);
        corrupting.CorruptNextLoads = 1;

        var result = await fresh.DisconnectAsync(Disconnect(BuiltInProviders.MetaPixel.Key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Disconnected, result.Status);
        Assert.Contains("untrusted", rebuilt); // other tests may rebuild stores of their own at the same time
        Assert.Equal(1, corrupting.SnapshotsWritten);
        var logged = Assert.Single(fixture.Logged(10));
        Assert.StartsWith("The snapshot of store store-1 is not trusted: the snapshot", logged, StringComparison.Ordinal);
        Assert.EndsWith("; the store is rebuilt from its ledger and its snapshot rewritten", logged, StringComparison.Ordinal);
        var audit = await fresh.VerifyAsync(StoreId, CancellationToken.None);
        Assert.True(audit!.IsSound, audit.ToString());
        Assert.Equal([BuiltInProviders.Shiprocket.Key], (await fresh.GetStoreAsync(StoreId, CancellationToken.None))!.GetApps().Select(a => a.Key));
    }

    [Fact]
    public async Task R15_Verify_SnapshotThatDisagreesWithItsLedger_IsReplacedByTheLedgersReplay()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);

        // A snapshot that reads soundly, at the store's version, but of another history: Shiprocket instead of Meta Pixel.
        var liar = TestStores.Open(StoreId, TestPlans.Starter.Id, TestPlans.Policy, fixture.Clock, StoreFixture.Merchant);
        liar.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), StoreFixture.Merchant);
        liar.RecordActivity(BuiltInProviders.Shiprocket.Key, StoreFixture.Merchant);
        Assert.True(await fixture.Repository.WriteSnapshotAsync(liar.TakeSnapshot(), CancellationToken.None));
        using var fresh = fixture.ServiceWith(BuiltInSetups.Adapters);
        var rebuilt = new List<string>();
        using var listener = ListenForRebuilds(rebuilt);

        var audit = await fresh.VerifyAsync(StoreId, CancellationToken.None);

        Assert.True(audit!.Verification.IsValid);
        Assert.False(audit.SnapshotMatches);
        Assert.True(audit.SnapshotRewritten);
        Assert.False(audit.IsSound);
        Assert.Contains("audit", rebuilt); // other tests may rebuild stores of their own at the same time
        Assert.Equal(
            [$"The snapshot of store store-1 is not trusted: the snapshot at version {audit.LedgerVersion} does not hold what the ledger's replay gives; the store is rebuilt from its ledger and its snapshot rewritten"],
            fixture.Logged(10));
        Assert.Equal($"the snapshot at version {audit.LedgerVersion} does not hold what the ledger's replay gives", audit.Problem);
        Assert.Equal($"Store store-1: {audit.Problem}; the snapshot was rebuilt from the ledger.", audit.ToString());
        var again = (await fresh.VerifyAsync(StoreId, CancellationToken.None))!;
        Assert.True(again.IsSound);
        Assert.Equal($"Store store-1: ledger of {again.LedgerVersion} entries verifies, snapshot matches.", again.ToString());
        Assert.Equal([BuiltInProviders.MetaPixel.Key], (await fresh.GetStoreAsync(StoreId, CancellationToken.None))!.GetApps().Select(a => a.Key));
    }

    [Fact]
    public async Task R15_StoreWithoutASnapshot_IsRebuiltFromItsLedgerOnce_ThenLoadsItsSnapshot()
    {
        var repository = new InMemoryStoreRepository();
        var store = TestStores.Open(StoreId, TestPlans.Starter.Id, TestPlans.Policy, new NodaTime.Testing.FakeClock(StoreFixture.Start), StoreFixture.Merchant);
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), StoreFixture.Merchant);
        // Saved without a snapshot, as a store saved before snapshots existed.
        Assert.Equal(SaveOutcome.Saved, await repository.SaveAsync(new StoreChange(StoreId, 0, store.Ledger.Entries, null, null), CancellationToken.None));
        using var fixture = new ServiceFixture();
        using var service = NewService(repository, fixture);
        var rebuilt = new List<string>();
        using var listener = ListenForRebuilds(rebuilt);

        var read = await service.GetStoreAsync(StoreId, CancellationToken.None);

        Assert.Equal([BuiltInProviders.MetaPixel.Key], read!.GetApps().Select(a => a.Key));
        Assert.Contains("missing", rebuilt); // other tests may rebuild stores of their own at the same time
        Assert.Equal(["Store store-1 has no snapshot; it is rebuilt from its 2 ledger entries and a snapshot written"], fixture.Logged(11));
        var loaded = await repository.LoadAsync(StoreId, null, CancellationToken.None);
        Assert.Equal(2, loaded.Snapshot!.Version);
        Assert.Empty(loaded.Entries);
    }

    [Fact]
    public async Task R15_StoreFromGetStore_HoldsOnlyTheEntriesSinceItsSnapshot_TheWholeLedgerIsReadApart()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);

        var store = await fixture.StoreAsync();
        var ledger = await fixture.LedgerAsync();

        Assert.Equal(3, store.Ledger.StartsAfter);
        Assert.Empty(store.Ledger.Entries);
        Assert.False(store.Ledger.Verify().IsValid);
        Assert.Equal(0, ledger.StartsAfter);
        Assert.True(ledger.Verify().IsValid);
        Assert.Equal(store.Version, ledger.LastSequence);
    }

    private static Task<ConnectedAppsResult> RecordActivityAsync(ServiceFixture fixture) =>
        fixture.Service.RecordActivityAsync(new RecordActivityCommand(StoreId, BuiltInProviders.MetaPixel.Key, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);

    private static DisconnectAppCommand Disconnect(ProviderKey provider) => new(StoreId, provider, StoreFixture.Merchant, IdempotencyKey.New());

    private static ConnectedAppsService NewService(IStoreRepository repository, ServiceFixture fixture) =>
        new(repository, BuiltInSetups.Adapters, [], fixture.Clock, Microsoft.Extensions.Options.Options.Create(fixture.Options), fixture.Logger, null);

    /// <summary>Collects the reason tag of every store rebuilt from its ledger.</summary>
    private static MeterListener ListenForRebuilds(List<string> reasons)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == ConnectedAppsDiagnostics.SnapshotsRebuilt)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    lock (reasons)
                    {
                        reasons.Add((string)tag.Value!);
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>Hands out snapshots with one byte changed, as storage that went bad would, and counts snapshots written back.</summary>
    private sealed class CorruptingRepository(IStoreRepository inner) : IStoreRepository
    {
        private int _written;

        public int CorruptNextLoads { get; set; }

        public int SnapshotsWritten => Volatile.Read(ref _written);

        public async Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken)
        {
            var loaded = await inner.LoadAsync(store, key, cancellationToken);
            if (CorruptNextLoads <= 0 || loaded.Snapshot is null)
            {
                return loaded;
            }

            CorruptNextLoads--;
            var bytes = loaded.Snapshot.ToBytes().ToArray();
            bytes[bytes.Length / 2] ^= 0x5A;
            return new LoadedStore(StoreSnapshot.FromBytes(store, loaded.Snapshot.Version, bytes), loaded.Entries, loaded.Record);
        }

        public Task<SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken) => inner.ReadLedgerAsync(store, cancellationToken);

        public Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken) => inner.SaveAsync(change, cancellationToken);

        public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _written);
            return inner.WriteSnapshotAsync(snapshot, cancellationToken);
        }

        public Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken) =>
            inner.FindStoresWithDueReservationsAsync(now, limit, cancellationToken);

        public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken) =>
            inner.FindUnfinishedConnectsAsync(recordedBefore, limit, cancellationToken);

        public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken) =>
            inner.PurgeIdempotencyRecordsAsync(recordedBefore, cancellationToken);
    }

    /// <summary>An adapter that checks offline and refuses, as one whose account is suspended would.</summary>
    private sealed class RefusingOfflineProvider : OfflineProvider
    {
        public static readonly ProviderKey Key = new("suspended-pay");

        public override ProviderDescriptor Descriptor { get; } = new(
            Key, "Suspended Pay", ProviderCategory.Payments, [CommerceWorkflow.PaymentProcessing], [], supportsSelfServiceDisconnect: true, ProviderAvailability.Available);

        public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
            Task.FromResult(ProviderCallResult.Refused("the account is suspended."));

        protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
        {
        }
    }
}
