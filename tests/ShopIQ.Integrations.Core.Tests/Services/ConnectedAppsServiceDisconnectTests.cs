using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>Disconnect through the service: critical apps need their impact acknowledged; the slot is free at once; the provider is told, best effort (R7, R8).</summary>
public sealed class ConnectedAppsServiceDisconnectTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task R8_Disconnect_CriticalAppWithoutAcknowledgement_AnswersAcknowledgementRequiredAndKeepsTheApp()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        var result = await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.AcknowledgementRequired, result.Status);
        Assert.Contains(CommerceWorkflow.PaymentProcessing, result.Assessment().WorkflowsThatStop);
        Assert.Equal(1, (await fixture.StoreAsync()).SlotsInUse);
        Assert.Equal(0, adapter.DisconnectCalls);
    }

    [Fact]
    public async Task R7_Disconnect_CriticalAppWithTheAssessmentAcknowledged_FreesTheSlotAtOnceAndTellsTheProvider()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.Shiprocket, BuiltInProviders.MetaPixel);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        var report = await fixture.Service.AssessImpactAsync(StoreId, adapter.Key, CancellationToken.None);
        Assert.True(report!.Assessment.RequiresAcknowledgement);

        var result = await fixture.Service.DisconnectAsync(
            new DisconnectAppCommand(StoreId, adapter.Key, report.Assessment.Acknowledge(), Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.Disconnected, result.Status);
        Assert.Equal(1, adapter.DisconnectCalls);
        Assert.DoesNotContain((await fixture.StoreAsync()).GetApps(), a => a.Key == adapter.Key);
        Assert.Contains(fixture.Sink.Events, e => e is AppDisconnected d && d.Provider == adapter.Key);
        var next = await fixture.ConnectAsync(BuiltInProviders.Wati.Key, BuiltInSetups.Wati);
        Assert.Equal(OutcomeStatus.Connected, next.Status);
    }

    [Fact]
    public async Task R7_Disconnect_ProviderFailsWhenTold_StaysDisconnected()
    {
        var adapter = FakeAdapter.Advertising().WithFailingDisconnect();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        var result = await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, adapter.Key, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.Disconnected, result.Status);
        Assert.Equal(1, adapter.DisconnectCalls);
        var store = await fixture.StoreAsync();
        Assert.Empty(store.GetApps());
        Assert.Equal(SlotEntryKind.Disconnected, (await fixture.LedgerAsync()).Entries[^1].Kind);
    }
}
