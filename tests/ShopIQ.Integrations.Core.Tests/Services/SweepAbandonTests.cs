using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// The sweep abandons a connect that never settled (R6): its unfinished record becomes final, answering
/// <see cref="OutcomeStatus.ReservationExpired"/>. It counts, and logs, only the connects it did abandon: one whose
/// record was taken meanwhile, or whose store kept changing, is left for the next sweep.
/// </summary>
public sealed class SweepAbandonTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;

    [Fact]
    public async Task Sweep_UnfinishedConnectOfAStoreThatDoesNotExist_MakesItsRecordFinalAndCountsIt()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var gone = new StoreId("store-2");
        var key = IdempotencyKey.New();
        var unfinished = new IdempotencyRecord(key, "connect", false, OutcomeStatus.Reserved, "reserved", adapter.Key, 0, fixture.Clock.GetCurrentInstant(), null);
        Assert.Equal(SaveOutcome.Saved, await fixture.Repository.SaveAsync(new StoreChange(gone, 0, [], null, unfinished), CancellationToken.None));
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromMinutes(6));

        var report = await fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepReport(Stores: 0, ReservationsExpired: 0, ConnectsAbandoned: 1, RecordsPurged: 0), report);
        var record = (await fixture.Repository.LoadAsync(gone, key, CancellationToken.None)).Record;
        Assert.NotNull(record);
        Assert.True(record.IsFinal);
        Assert.Equal(OutcomeStatus.ReservationExpired, record.Status);
        Assert.Equal($"The connect with key '{key}' did not finish and its reservation is gone; start again with a new key.", record.Message);
        Assert.Equal(adapter.Key, record.Provider);
        Assert.Equal(0, record.StoreVersion);
        Assert.Equal("connect", record.Fingerprint);
        Assert.Equal(fixture.Clock.GetCurrentInstant(), record.RecordedAt);
        Assert.Equal([$"The connect with key {key} on store store-2 never settled; its record is abandoned"], fixture.Logged(16));
        Assert.Equal(["Sweep: 0 reservations expired in 0 stores, 1 unfinished connects abandoned, 0 idempotency records purged"], fixture.Logged(8));
        Assert.Null(await fixture.Service.GetStoreAsync(gone, CancellationToken.None));
        Assert.Equal(0, adapter.DisconnectCalls);
    }

    [Fact]
    public async Task Sweep_AbandonSaveAnswersKeyConflict_DoesNotCountOrLogItAndDoesNotRetry()
    {
        var (fixture, repository, adapter, gate, key, connect) = await PendingConnectAsync(_ => { });
        using (fixture)
        {
            repository.AnswerSavesOf(key, SaveOutcome.KeyConflict, count: 1);

            var report = await fixture.Service.SweepAsync(CancellationToken.None);

            Assert.Equal(new SweepReport(Stores: 1, ReservationsExpired: 1, ConnectsAbandoned: 0, RecordsPurged: 0), report);
            Assert.Equal(1, repository.Answered); // the key is taken: no back-off, no second try
            Assert.Empty(fixture.Logged(16));
            Assert.Empty(fixture.Logged(2));
            Assert.Empty(fixture.Logged(3));
            Assert.Equal(["Sweep: 1 reservations expired in 1 stores, 0 unfinished connects abandoned, 0 idempotency records purged"], fixture.Logged(8));
            Assert.False((await RecordAsync(fixture, key))!.IsFinal);

            gate.Answer(ProviderCallResult.Success);
            Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
            Assert.Equal(1, adapter.DisconnectCalls);
        }
    }

    [Fact]
    public async Task Sweep_AbandonKeepsMeetingVersionConflicts_GivesUpAfterTheRetriesLeavesTheRecordUnfinishedAndDoesNotCountIt()
    {
        var (fixture, repository, _, gate, key, connect) = await PendingConnectAsync(o => o.MaxConflictRetries = 2);
        using (fixture)
        {
            repository.AnswerSavesOf(key, SaveOutcome.VersionConflict);

            var report = await fixture.Service.SweepAsync(CancellationToken.None);

            Assert.Equal(new SweepReport(Stores: 1, ReservationsExpired: 1, ConnectsAbandoned: 0, RecordsPurged: 0), report);
            Assert.Equal(3, repository.Answered); // the first try and MaxConflictRetries more
            Assert.Equal(
                ["Sweep on store store-1: version conflict on attempt 1, retrying", "Sweep on store store-1: version conflict on attempt 2, retrying"],
                fixture.Logged(2));
            Assert.Equal(["Sweep on store store-1: gave up after 3 version conflicts"], fixture.Logged(3));
            Assert.Empty(fixture.Logged(16));
            Assert.False((await RecordAsync(fixture, key))!.IsFinal);

            repository.Answer = _ => null;
            Assert.Equal(1, (await fixture.Service.SweepAsync(CancellationToken.None)).ConnectsAbandoned); // the next sweep tries again
            gate.Answer(ProviderCallResult.Success);
            Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
        }
    }

    [Fact]
    public async Task Sweep_AbandonMeetsOneVersionConflict_RetriesAndCountsTheConnectAbandoned()
    {
        var (fixture, repository, _, gate, key, connect) = await PendingConnectAsync(_ => { });
        using (fixture)
        {
            repository.AnswerSavesOf(key, SaveOutcome.VersionConflict, count: 1);

            var report = await fixture.Service.SweepAsync(CancellationToken.None);

            Assert.Equal(new SweepReport(Stores: 1, ReservationsExpired: 1, ConnectsAbandoned: 1, RecordsPurged: 0), report);
            Assert.Equal(1, repository.Answered);
            Assert.Equal(["Sweep on store store-1: version conflict on attempt 1, retrying"], fixture.Logged(2));
            Assert.Empty(fixture.Logged(3));
            Assert.Equal([$"The connect with key {key} on store store-1 never settled; its record is abandoned"], fixture.Logged(16));
            var record = await RecordAsync(fixture, key);
            Assert.True(record!.IsFinal);
            Assert.Equal(OutcomeStatus.ReservationExpired, record.Status);

            gate.Answer(ProviderCallResult.Success);
            var late = await connect;
            Assert.True(late.IsReplay); // the abandoned record's answer
            Assert.Equal(OutcomeStatus.ReservationExpired, late.Status);
        }
    }

    /// <summary>A store with a connect that waits for its provider, well past its reservation's deadline; the service sees the scripted repository.</summary>
    private static async Task<(ServiceFixture Fixture, ScriptedSaveRepository Repository, FakeAdapter Adapter, ConnectGate Gate, IdempotencyKey Key, Task<ConnectedAppsResult> Connect)> PendingConnectAsync(
        Action<ConnectedAppsOptions> configure)
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        ScriptedSaveRepository? repository = null;
        var fixture = await new ServiceFixture([adapter], configure, r => repository = new ScriptedSaveRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        var connect = fixture.Service.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, key), CancellationToken.None);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromMinutes(6));
        return (fixture, repository!, adapter, gate, key, connect);
    }

    private static Duration Lifetime(ServiceFixture fixture) => Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime);

    private static async Task<IdempotencyRecord?> RecordAsync(ServiceFixture fixture, IdempotencyKey key) =>
        (await fixture.Repository.LoadAsync(StoreId, key, CancellationToken.None)).Record;
}
