using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>The service settles its own reservation by its connection id, never another reservation of the same provider (R6).</summary>
public sealed class ConnectedAppsServiceConnectionIdTests
{
    [Fact]
    public async Task R6_LateAnswerForAnExpiredReservation_DoesNotActivateTheNewerReservationOfTheSameProvider()
    {
        var adapter = FakeAdapter.Advertising();
        var firstGate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var first = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await firstGate.WaitUntilCalledAsync(first);
        var firstId = Assert.Single((await fixture.StoreAsync()).GetApps()).ConnectionId;
        fixture.Clock.Advance(Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime) + Duration.FromSeconds(1));
        await fixture.Service.SweepAsync(CancellationToken.None);
        var secondGate = adapter.Gated();
        var second = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await secondGate.WaitUntilCalledAsync(second);
        var secondId = Assert.Single((await fixture.StoreAsync()).GetApps()).ConnectionId;

        firstGate.Answer(ProviderCallResult.Success);
        var late = await first;

        Assert.NotEqual(firstId, secondId);
        Assert.Equal(OutcomeStatus.ReservationExpired, late.Status);
        var pending = Assert.Single((await fixture.StoreAsync()).GetApps());
        Assert.Equal(ConnectionState.Pending, pending.State);
        Assert.Equal(secondId, pending.ConnectionId);
        Assert.DoesNotContain((await fixture.LedgerAsync()).Entries, e => e.Kind == SlotEntryKind.Activated);
        Assert.Equal(0, adapter.DisconnectCalls); // the provider's connection is the newer setup's now

        secondGate.Answer(ProviderCallResult.Success);
        var own = await second;

        Assert.Equal(OutcomeStatus.Connected, own.Status);
        Assert.Equal(secondId, own.App!.ConnectionId);
        var active = Assert.Single((await fixture.StoreAsync()).GetApps());
        Assert.Equal((ConnectionState.Active, secondId), (active.State, active.ConnectionId));
        Assert.Single((await fixture.LedgerAsync()).Entries, e => e.Kind == SlotEntryKind.Activated);
        Assert.Contains(fixture.Sink.Events, e => e is ReservationExpired x && x.ConnectionId == firstId);
        Assert.Contains(fixture.Sink.Events, e => e is ConnectionActivated a && a.ConnectionId == secondId);
    }

    [Fact]
    public async Task Connect_ResultAndReadsCarryTheSameConnectionId_AndAReplayAnswersIt()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        var command = new ConnectAppCommand(ServiceFixture.StoreId, BuiltInProviders.Razorpay.Key, BuiltInSetups.Razorpay, StoreFixture.Merchant, IdempotencyKey.New());

        var result = await fixture.Service.ConnectAsync(command, CancellationToken.None);
        var replay = await fixture.Service.ConnectAsync(command, CancellationToken.None);

        var id = result.App!.ConnectionId;
        Assert.True(replay.IsReplay);
        Assert.Equal(id, replay.App!.ConnectionId);
        Assert.Equal(id, Assert.Single((await fixture.StoreAsync()).GetApps()).ConnectionId);
        Assert.Contains(fixture.Sink.Events, e => e is ConnectionReserved r && r.ConnectionId == id);
    }
}
