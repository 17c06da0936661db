using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// When the store lets an app go that its provider may have accepted, the provider is told to disconnect; if the
/// provider refuses, nothing changes in the store, but an operator reads the refusal in the log: provider, "disconnect",
/// store and the provider's reason.
/// </summary>
public sealed class DisconnectRefusedLogTests
{
    private const string Reason = "account locked by the provider";

    [Fact]
    public async Task Sweep_ExpiresAReservationOfAnotherInstancesConnect_ProviderRefusesTheDisconnect_LogsTheRefusal()
    {
        var adapter = RefusingDisconnect();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        using var instance = fixture.ServiceWith([adapter]);
        var connect = instance.ConnectAsync(new ConnectAppCommand(ServiceFixture.StoreId, adapter.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromSeconds(1));

        var report = await fixture.Service.SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.ReservationsExpired);
        Assert.Equal(1, adapter.DisconnectCalls);
        Assert.Equal([$"The reservation of {adapter.Key} on store store-1 expired; telling the provider to let go"], fixture.Logged(15));
        Assert.Equal([$"Provider {adapter.Key} refused disconnect for store store-1: {Reason}"], fixture.Logged(4));
        Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);

        gate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await connect).Status);
    }

    [Fact]
    public async Task Connect_AcceptedAfterItsReservationExpired_ProviderRefusesTheDisconnect_LogsTheRefusal()
    {
        var adapter = RefusingDisconnect();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var connect = fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await gate.WaitUntilCalledAsync(connect);
        fixture.Clock.Advance(Lifetime(fixture) + Duration.FromSeconds(1));
        Assert.Equal(1, (await fixture.Service.SweepAsync(CancellationToken.None)).ReservationsExpired);
        Assert.Empty(fixture.Logged(4)); // the connect still waits: the sweep leaves telling the provider to it

        gate.Answer(ProviderCallResult.Success);
        var result = await connect;

        Assert.Equal(OutcomeStatus.ReservationExpired, result.Status);
        Assert.Equal(1, adapter.DisconnectCalls);
        Assert.Equal([$"Provider {adapter.Key} refused disconnect for store store-1: {Reason}"], fixture.Logged(4));
        Assert.Empty((await fixture.StoreAsync()).GetApps());
    }

    private static FakeAdapter RefusingDisconnect()
    {
        var adapter = FakeAdapter.Advertising();
        adapter.OnDisconnect = _ => Task.FromResult(ProviderCallResult.Refused(Reason));
        return adapter;
    }

    private static Duration Lifetime(ServiceFixture fixture) => Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime);
}
