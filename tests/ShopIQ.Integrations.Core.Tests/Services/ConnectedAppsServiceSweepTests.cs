using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>Reservations that outlive their deadline give their slot back, by the sweep or lazily (R6), and the sweep forgets old idempotency keys.</summary>
public sealed class ConnectedAppsServiceSweepTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task R6_Connect_ReservationSweptWhileTheProviderWaits_AnswersExpiredAndTellsTheProviderToDisconnect()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var connect = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromSeconds(1));

        var report = await fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepReport(Stores: 1, ReservationsExpired: 1, ConnectsAbandoned: 0, RecordsPurged: 0), report);
        Assert.Equal(["Sweep: 1 reservations expired in 1 stores, 0 unfinished connects abandoned, 0 idempotency records purged"], fixture.Logged(8));
        Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
        Assert.Contains(fixture.Sink.Events, e => e is ReservationExpired x && x.Provider == adapter.Key);

        gate.Answer(ProviderCallResult.Success);
        var result = await connect;

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.ReservationExpired, result.Status);
        Assert.False(result.IsSuccess);
        Assert.Equal(1, adapter.DisconnectCalls);
        // Told once, by the connect that still waited for the answer, not by the sweep.
        Assert.Equal(
            [$"Provider {adapter.Key} connected store store-1 but the store did not take it (ReservationExpired); telling the provider to disconnect"],
            fixture.Logged(9));
        Assert.Empty(fixture.Logged(15));
        var store = await fixture.StoreAsync();
        Assert.Empty(store.GetApps());
        Assert.DoesNotContain((await fixture.LedgerAsync()).Entries, e => e.Kind == SlotEntryKind.Activated);
    }

    [Fact]
    public async Task R6_Connect_ReservationPastItsDeadline_NextCommandExpiresItAndGetsTheSlot()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var connect = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromSeconds(1));

        var next = await fixture.ConnectAsync(BuiltInProviders.Wati.Key, BuiltInSetups.Wati);

        Assert.Equal(OutcomeStatus.Connected, next.Status);
        var store = await fixture.StoreAsync();
        Assert.Equal(3, store.SlotsInUse);
        Assert.DoesNotContain(store.GetApps(), a => a.Key == adapter.Key);
        Assert.Contains((await fixture.LedgerAsync()).Entries, e => e.Kind == SlotEntryKind.Expired && e.Provider == adapter.Key);
        Assert.Contains(fixture.Sink.Events, e => e is ReservationExpired x && x.Provider == adapter.Key);

        gate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
        Assert.Equal(1, adapter.DisconnectCalls);
        Assert.Equal(3, (await fixture.StoreAsync()).SlotsInUse);
    }

    [Fact]
    public async Task R6_Sweep_BeforeTheDeadline_ExpiresNothing()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var connect = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Lifetime(fixture) - Duration.FromSeconds(1));

        var report = await fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepReport(0, 0, 0, 0), report);
        Assert.Equal(ConnectionState.Pending, Assert.Single((await fixture.StoreAsync()).GetApps()).State);
        gate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.Connected, (await connect).Status);
    }

    [Fact]
    public async Task Sweep_IdempotencyRecordsPastTheirRetention_PurgesFinalOnesKeepsNewerOnesAndAbandonsUnfinishedOnes()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var old = IdempotencyKey.New();
        await fixture.Service.UseAiCreditsAsync(new UseAiCreditsCommand(StoreId, 1, AiUsePurpose.Generate, Merchant, old), CancellationToken.None);
        var unfinished = IdempotencyKey.New();
        var connect = fixture.Service.ConnectAsync(new ConnectAppCommand(StoreId, adapter.Key, FakeAdapter.ValidSetup, Merchant, unfinished), CancellationToken.None);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Duration.FromTimeSpan(fixture.Options.IdempotencyKeyRetention) + Duration.FromMinutes(1));
        var recent = IdempotencyKey.New();
        await fixture.Service.UseAiCreditsAsync(new UseAiCreditsCommand(StoreId, 1, AiUsePurpose.Generate, Merchant, recent), CancellationToken.None);
        fixture.Clock.Advance(Duration.FromMinutes(1));

        var report = await fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(2, report.RecordsPurged); // the open and the first AI use
        Assert.Equal(1, report.ConnectsAbandoned); // the connect still waiting, a day after its reservation's deadline
        Assert.Null(await RecordAsync(fixture, old));
        Assert.NotNull(await RecordAsync(fixture, recent));
        var abandoned = await RecordAsync(fixture, unfinished);
        Assert.NotNull(abandoned);
        Assert.True(abandoned.IsFinal);
        Assert.Equal(OutcomeStatus.ReservationExpired, abandoned.Status);
        Assert.Equal($"The connect with key '{unfinished}' did not finish and its reservation is gone; start again with a new key.", abandoned.Message);
        Assert.Equal([$"The connect with key {unfinished} on store store-1 never settled; its record is abandoned"], fixture.Logged(16));
        Assert.Equal(
            [$"Sweep: {report.ReservationsExpired} reservations expired in {report.Stores} stores, 1 unfinished connects abandoned, 2 idempotency records purged"],
            fixture.Logged(8));

        gate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
        Assert.Equal(1, adapter.DisconnectCalls); // the provider accepted a connect the store had let go
        Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
    }

    private static Duration Lifetime(ServiceFixture fixture) => Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime);

    private static async Task<IdempotencyRecord?> RecordAsync(ServiceFixture fixture, IdempotencyKey key) =>
        (await fixture.Repository.LoadAsync(StoreId, key, CancellationToken.None)).Record;

    [Fact]
    public async Task R6_Connect_LateAnswerAfterTheSlotWasReservedAgain_NeverTellsTheProviderToDropALiveApp()
    {
        var adapter = FakeAdapter.Advertising();
        var firstGate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var first = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await firstGate.WaitUntilCalledAsync(first);
        fixture.Clock.Advance(Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime) + Duration.FromSeconds(1));
        Assert.Equal(1, (await fixture.Service.SweepAsync(CancellationToken.None)).ReservationsExpired);
        var secondGate = adapter.Gated();
        var second = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await secondGate.WaitUntilCalledAsync(second);

        firstGate.Answer(ProviderCallResult.Success);
        var firstResult = await first;
        secondGate.Answer(ProviderCallResult.Success);
        var secondResult = await second;

        var app = Assert.Single((await fixture.StoreAsync()).GetApps());
        Assert.Equal(ConnectionState.Active, app.State);
        Assert.True(adapter.DisconnectCalls == 0, $"The store holds {adapter.Key} active, yet its provider was told to disconnect {adapter.DisconnectCalls} time(s). First: {firstResult}; second: {secondResult}");
    }

    [Fact]
    public async Task R6_LateAnswerToAnAbandonedConnect_AnswersItsRecordAndStillSavesTheStoresDueExpiries()
    {
        var late = FakeAdapter.Advertising();
        var lateGate = late.Gated();
        var other = FakeAdapter.Payments();
        var otherGate = other.Gated();
        using var fixture = await new ServiceFixture([late, other], _ => { }).OpenAsync(TestPlans.Starter);
        var first = fixture.ConnectAsync(late.Key, FakeAdapter.ValidSetup);
        await lateGate.WaitUntilCalledAsync(first);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromMinutes(6));
        Assert.Equal(1, (await fixture.Service.SweepAsync(CancellationToken.None)).ConnectsAbandoned);
        var second = fixture.ConnectAsync(other.Key, FakeAdapter.ValidSetup);
        await otherGate.WaitUntilCalledAsync(second);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromSeconds(1));

        lateGate.Answer(ProviderCallResult.Success);
        var answer = await first;

        Assert.True(answer.IsReplay);
        Assert.Equal(OutcomeStatus.ReservationExpired, answer.Status);
        var last = (await fixture.LedgerAsync()).Entries[^1];
        Assert.Equal(SlotEntryKind.Expired, last.Kind); // the other connect's due reservation, expired by the late answer's save
        Assert.Equal(other.Key, last.Provider);
        Assert.Equal(1, late.DisconnectCalls); // the provider accepted a connect the store had let go
        otherGate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await second).Status);
    }
}
