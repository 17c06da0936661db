using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// The paths a busy or damaged store takes: opening a store and sweeping it while other writers keep winning the save,
/// and auditing a ledger that does not verify or a store that keeps changing while it is audited (R15).
/// </summary>
public sealed class ConnectedAppsServiceRetryAndAuditTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;

    [Fact]
    public async Task OpenStore_EverySaveConflicts_AnswersConflictAfterTheRetriesAndOpensNothing()
    {
        ConflictingRepository? repository = null;
        using var fixture = new ServiceFixture([], o => o.MaxConflictRetries = 2, r => repository = new ConflictingRepository(r), _ => []);
        repository!.ConflictOnNextSaves(int.MaxValue);

        var result = await fixture.Service.OpenStoreAsync(Open(), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Conflict, result.Status);
        Assert.False(result.IsSuccess);
        Assert.Equal(fixture.Options.MaxConflictRetries + 1, repository.SaveAttempts);
        Assert.Null(await fixture.Service.GetStoreAsync(StoreId, CancellationToken.None));
        Assert.Empty(fixture.Sink.Events);
    }

    [Fact]
    public async Task OpenStore_FirstSaveConflicts_RetriesAndOpensTheStoreOnce()
    {
        ConflictingRepository? repository = null;
        using var fixture = new ServiceFixture([], _ => { }, r => repository = new ConflictingRepository(r), _ => []);
        repository!.ConflictOnNextSaves(1);

        var result = await fixture.Service.OpenStoreAsync(Open(), CancellationToken.None);

        Assert.Equal(OutcomeStatus.StoreOpened, result.Status);
        Assert.Equal(2, repository.SaveAttempts);
        Assert.Equal(1, (await fixture.StoreAsync()).Version);
        Assert.Single((await fixture.LedgerAsync()).Entries);
    }

    [Fact]
    public async Task R6_Sweep_FirstSaveConflicts_RetriesAndExpiresTheReservation()
    {
        var (fixture, repository, adapter, gate, connect) = await ReservationPastItsDeadlineAsync(o => { });
        using (fixture)
        {
            repository.ConflictOnNextSaves(1);

            var report = await fixture.Service.SweepAsync(CancellationToken.None);

            Assert.Equal(1, report.ReservationsExpired);
            Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
            Assert.Contains(fixture.Sink.Events, e => e is ReservationExpired x && x.Provider == adapter.Key);
            gate.Answer(ProviderCallResult.Success);
            Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
        }
    }

    [Fact]
    public async Task R6_Sweep_EverySaveConflicts_GivesUpExpiringNothingAndTheNextSweepExpiresIt()
    {
        var (fixture, repository, adapter, gate, connect) = await ReservationPastItsDeadlineAsync(o => o.MaxConflictRetries = 2);
        using (fixture)
        {
            repository.ConflictOnNextSaves(int.MaxValue);

            var report = await fixture.Service.SweepAsync(CancellationToken.None);

            Assert.Equal(new SweepReport(Stores: 0, ReservationsExpired: 0, ConnectsAbandoned: 0, RecordsPurged: 0), report);
            Assert.Equal(["Sweep on store store-1: gave up after 3 version conflicts"], fixture.Logged(3));
            Assert.DoesNotContain(fixture.Sink.Events, e => e is ReservationExpired);
            Assert.DoesNotContain((await fixture.LedgerAsync()).Entries, e => e.Kind == SlotEntryKind.Expired);

            repository.ConflictOnNextSaves(0);
            Assert.Equal(1, (await fixture.Service.SweepAsync(CancellationToken.None)).ReservationsExpired);
            Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
            gate.Answer(ProviderCallResult.Success);
            Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
            Assert.Equal(1, adapter.DisconnectCalls);
        }
    }

    [Fact]
    public async Task R6_Sweep_StoreFoundDueWhoseReservationSettledBeforeItWasRead_ExpiresNothingAndSavesNothing()
    {
        // The race the sweep meets when a connect settles between the query for due stores and the store's read.
        var altering = new AlteringRepository(new InMemoryStoreRepository());
        using var fixture = await new ServiceFixture([], _ => { }, _ => altering, _ => []).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        var version = (await fixture.StoreAsync()).Version;
        altering.AlsoDue = [StoreId];

        var report = await fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepReport(Stores: 0, ReservationsExpired: 0, ConnectsAbandoned: 0, RecordsPurged: 0), report);
        Assert.Equal(version, (await fixture.StoreAsync()).Version);
        Assert.Equal(1, (await fixture.StoreAsync()).SlotsInUse);
        Assert.DoesNotContain(fixture.Sink.Events, e => e is ReservationExpired);
    }

    [Fact]
    public async Task R15_Verify_LedgerThatDoesNotVerify_IsReportedAndTheSnapshotIsLeftAlone()
    {
        var tampering = new AlteringRepository(new InMemoryStoreRepository());
        using var fixture = await new ServiceFixture([], _ => { }, _ => tampering, _ => []).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        tampering.Tamper = ledger => SlotLedger.FromEntries(ledger.StoreId, [ledger.Entries[1], ledger.Entries[0], .. ledger.Entries.Skip(2)]);

        var audit = (await fixture.Service.VerifyAsync(StoreId, CancellationToken.None))!;

        Assert.False(audit.Verification.IsValid);
        Assert.False(audit.IsSound);
        Assert.False(audit.SnapshotMatches);
        Assert.False(audit.SnapshotRewritten);
        Assert.Null(audit.SnapshotVersion);
        Assert.Contains("does not verify", audit.Problem, StringComparison.Ordinal);
        Assert.Equal(0, tampering.SnapshotsWritten);
        Assert.Equal([$"The ledger of store store-1 does not verify: {audit.Verification}"], fixture.Logged(12));
    }

    [Fact]
    public async Task R15_Verify_StoreChangedOnceBetweenItsTwoReads_ReadsBothAgainAndCompares()
    {
        var tampering = new AlteringRepository(new InMemoryStoreRepository());
        using var fixture = await new ServiceFixture([], _ => { }, _ => tampering, _ => []).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        tampering.Tamper = Behind;
        tampering.TamperedReadsLeft = 1;

        var audit = (await fixture.Service.VerifyAsync(StoreId, CancellationToken.None))!;

        Assert.True(audit.IsSound, audit.ToString());
        Assert.Equal(2, tampering.LedgerReads);
        Assert.Equal((await fixture.StoreAsync()).Version, audit.LedgerVersion);
    }

    [Fact]
    public async Task R15_Verify_StoreKeepsChangingWhileAudited_SaysSoAfterThreeTriesAndRewritesNothing()
    {
        var tampering = new AlteringRepository(new InMemoryStoreRepository());
        using var fixture = await new ServiceFixture([], _ => { }, _ => tampering, _ => []).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        tampering.Tamper = Behind;

        var audit = (await fixture.Service.VerifyAsync(StoreId, CancellationToken.None))!;

        Assert.True(audit.Verification.IsValid);
        Assert.False(audit.IsSound);
        Assert.False(audit.SnapshotMatches);
        Assert.False(audit.SnapshotRewritten);
        Assert.Contains("kept changing", audit.Problem, StringComparison.Ordinal);
        Assert.Equal(3, tampering.LedgerReads);
        Assert.Equal(0, tampering.SnapshotsWritten);
    }

    [Fact]
    public void SnapshotCache_Full_ForgetsAStoreToKeepTheNewOne_AndAtCapacityZeroKeepsNothing()
    {
        var first = SnapshotOf("store-a");
        var second = SnapshotOf("store-b");
        var cache = new StoreSnapshotCache(1);

        cache.Set(first);
        cache.Set(second);

        Assert.False(cache.TryGet(first.Store, out _));
        Assert.True(cache.TryGet(second.Store, out var kept));
        Assert.Same(second, kept);

        var none = new StoreSnapshotCache(0);
        none.Set(first);
        Assert.False(none.TryGet(first.Store, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StoreSnapshotCache(-1));
    }

    private static OpenStoreCommand Open() => new(StoreId, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New());

    // The ledger as read a moment before the store's last change: what an audit sees when a save lands between its reads.
    private static SlotLedger Behind(SlotLedger ledger) => SlotLedger.FromEntries(ledger.StoreId, [.. ledger.Entries.Take(ledger.Entries.Count - 1)]);

    private static StoreSnapshot SnapshotOf(string id) =>
        TestStores.Open(new StoreId(id), TestPlans.Starter.Id, TestPlans.Policy, new NodaTime.Testing.FakeClock(StoreFixture.Start), StoreFixture.Merchant).TakeSnapshot();

    // A store whose connect waits on the provider past its reservation's deadline, on a repository that can be made to conflict.
    private static async Task<(ServiceFixture Fixture, ConflictingRepository Repository, FakeAdapter Adapter, ConnectGate Gate, Task<ConnectedAppsResult> Connect)> ReservationPastItsDeadlineAsync(
        Action<ConnectedAppsOptions> configure)
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        ConflictingRepository? repository = null;
        var fixture = await new ServiceFixture([adapter], configure, r => repository = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        var connect = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime) + Duration.FromSeconds(1));
        return (fixture, repository!, adapter, gate, connect);
    }

    /// <summary>
    /// Passes everything through, except that it can alter the ledgers it reads and name stores as having due reservations
    /// that have none; counts ledger reads and snapshot writes.
    /// </summary>
    private sealed class AlteringRepository(IStoreRepository inner) : IStoreRepository
    {
        private int _ledgerReads;
        private int _snapshotsWritten;

        public Func<SlotLedger, SlotLedger>? Tamper { get; set; }

        public IReadOnlyList<StoreId> AlsoDue { get; set; } = [];

        public int TamperedReadsLeft { get; set; } = int.MaxValue;

        public int LedgerReads => Volatile.Read(ref _ledgerReads);

        public int SnapshotsWritten => Volatile.Read(ref _snapshotsWritten);

        public async Task<SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _ledgerReads);
            var ledger = await inner.ReadLedgerAsync(store, cancellationToken);
            if (ledger is null || Tamper is null || TamperedReadsLeft <= 0)
            {
                return ledger;
            }

            TamperedReadsLeft--;
            return Tamper(ledger);
        }

        public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _snapshotsWritten);
            return inner.WriteSnapshotAsync(snapshot, cancellationToken);
        }

        public Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken) => inner.LoadAsync(store, key, cancellationToken);

        public Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken) => inner.SaveAsync(change, cancellationToken);

        public async Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken) =>
            [.. (await inner.FindStoresWithDueReservationsAsync(now, limit, cancellationToken)).Union(AlsoDue)];

        public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken) =>
            inner.FindUnfinishedConnectsAsync(recordedBefore, limit, cancellationToken);

        public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken) =>
            inner.PurgeIdempotencyRecordsAsync(recordedBefore, cancellationToken);
    }
}
