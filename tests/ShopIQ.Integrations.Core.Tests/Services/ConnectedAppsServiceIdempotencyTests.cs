using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>A retried command with the same idempotency key answers the first run's result and acts no second time.</summary>
public sealed class ConnectedAppsServiceIdempotencyTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task Connect_SameKeyAndCommandTwice_ReplaysTheFirstAnswerWithoutActingAgain()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        var first = await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);
        var ledgerAfterFirst = (await fixture.LedgerAsync()).Entries;
        var eventsAfterFirst = fixture.Sink.Events.Count;

        var second = await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);

        Assert.False(first.IsReplay);
        Assert.True(second.IsReplay);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.IsSuccess, second.IsSuccess);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(first.StoreVersion, second.StoreVersion);
        Assert.Equal(ledgerAfterFirst, (await fixture.LedgerAsync()).Entries);
        Assert.Equal(1, adapter.ConnectCalls);
        Assert.Equal(eventsAfterFirst, fixture.Sink.Events.Count);
    }

    [Fact]
    public async Task Connect_SameKeyForAnotherCommand_AnswersKeyReusedAndChangesNothing()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);
        var versionBefore = (await fixture.StoreAsync()).Version;

        var other = await fixture.Service.ConnectAsync(
            new ConnectAppCommand(StoreId, BuiltInProviders.MetaPixel.Key, BuiltInSetups.MetaPixel, Merchant, key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.KeyReused, other.Status);
        Assert.Null(other.Details);
        var store = await fixture.StoreAsync();
        Assert.Equal(versionBefore, store.Version);
        Assert.DoesNotContain(store.GetApps(), a => a.Key == BuiltInProviders.MetaPixel.Key);
    }

    [Fact]
    public async Task Disconnect_SameKeyAsAConnect_AnswersKeyReusedAndKeepsTheApp()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);

        var disconnect = await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, Merchant, key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.KeyReused, disconnect.Status);
        Assert.Equal(1, (await fixture.StoreAsync()).SlotsInUse);
        Assert.Equal(0, adapter.DisconnectCalls);
    }

    [Fact]
    public async Task R6_Connect_SameKeyAfterTheReservationsDeadlineBeforeAnySweep_AnswersExpiredNotInProgress()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        var first = fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);
        await gate.WaitUntilCalledAsync(first);
        fixture.Clock.Advance(NodaTime.Duration.FromTimeSpan(fixture.Options.PendingReservationLifetime));

        var retry = await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);

        Assert.True(retry.IsReplay);
        Assert.Equal(OutcomeStatus.ReservationExpired, retry.Status);
        Assert.False(retry.IsSuccess);
        Assert.Equal(1, adapter.ConnectCalls);
        gate.Answer(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await first).Status);
        Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
    }

    [Fact]
    public async Task Connect_SameKeyWhileTheFirstWaitsForTheProvider_AnswersInProgressThenReplayed()
    {
        var adapter = FakeAdapter.Advertising();
        var gate = adapter.Gated();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var key = IdempotencyKey.New();
        var first = fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);
        await gate.WaitUntilCalledAsync(first);

        var during = await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.InProgress, during.Status);
        Assert.Equal(1, adapter.ConnectCalls);
        Assert.Equal(1, (await fixture.StoreAsync()).SlotsInUse);

        gate.Answer(ProviderCallResult.Success);
        var finished = await first;
        var after = await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Connected, finished.Status);
        Assert.True(after.IsReplay);
        Assert.Equal(OutcomeStatus.Connected, after.Status);
        Assert.Equal(finished.Message, after.Message);
        Assert.Equal(1, adapter.ConnectCalls);
    }

    [Fact]
    public async Task Connect_SameKeyAfterARefusalAtTheLimit_ReplaysTheRefusalWithoutASecondEvent()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Free);
        var key = IdempotencyKey.New();
        var first = await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);

        var second = await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.LimitReached, first.Status);
        Assert.True(second.IsReplay);
        Assert.Equal(OutcomeStatus.LimitReached, second.Status);
        Assert.False(second.IsSuccess);
        Assert.Equal(first.Message, second.Message);
        Assert.Single(fixture.Sink.Events.OfType<ConnectRefusedAtLimit>());
        Assert.Equal(0, adapter.ConnectCalls);
    }

    [Fact]
    public async Task Connect_SameKeyOnTwoStores_RunsOnEach()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        var otherStore = new StoreId("store-2");
        await fixture.Service.OpenStoreAsync(new OpenStoreCommand(otherStore, TestPlans.Starter.Id, Merchant, IdempotencyKey.New()), CancellationToken.None);
        var key = IdempotencyKey.New();

        var first = await fixture.Service.ConnectAsync(Connect(adapter.Key, key), CancellationToken.None);
        var second = await fixture.Service.ConnectAsync(new ConnectAppCommand(otherStore, adapter.Key, FakeAdapter.ValidSetup, Merchant, key), CancellationToken.None);

        Assert.False(first.IsReplay);
        Assert.False(second.IsReplay);
        Assert.Equal(OutcomeStatus.Connected, second.Status);
        Assert.Equal(1, (await fixture.Service.GetStoreAsync(otherStore, CancellationToken.None))!.SlotsInUse);
        Assert.Equal(2, adapter.ConnectCalls);
    }

    [Fact]
    public async Task Disconnect_SameKeyTwice_TellsTheProviderOnce()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        var key = IdempotencyKey.New();

        var first = await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, Merchant, key), CancellationToken.None);
        var second = await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, Merchant, key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Disconnected, first.Status);
        Assert.True(second.IsReplay);
        Assert.Equal(OutcomeStatus.Disconnected, second.Status);
        Assert.Equal(1, adapter.DisconnectCalls);
        Assert.Single(fixture.Sink.Events.OfType<AppDisconnected>());
    }

    private static ConnectAppCommand Connect(ProviderKey provider, IdempotencyKey key) =>
        new(StoreId, provider, FakeAdapter.ValidSetup, Merchant, key);
}
