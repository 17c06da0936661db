using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>What a read of a store hands back: the store as it is now, detached from what is saved (R6).</summary>
public sealed class StoreReadTests
{
    /// <summary>
    /// A read shows a reservation whose deadline has come as expired (R6), but it saves nothing: the expiry is saved,
    /// and its event published, by the store's next command. So the store a read hands back has no events to take; a
    /// caller that took and published them would announce an expiry nobody saved, and the next command would announce
    /// it again.
    /// </summary>
    [Fact]
    public async Task R6_GetStore_ReservationPastItsDeadline_ShowsItExpiredButHasNoEventToTake()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var connect = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime));

        var read = await fixture.StoreAsync();

        Assert.Empty(read.GetApps());
        Assert.Equal(0, read.SlotsInUse);
        Assert.Empty(read.TakeEvents());
        Assert.Equal(SlotEntryKind.Reserved, (await fixture.LedgerAsync()).Entries[^1].Kind);
        Assert.DoesNotContain(fixture.Sink.Events, e => e is ReservationExpired);

        gate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
        Assert.Single(fixture.Sink.Events, e => e is ReservationExpired);
    }
}
