using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>Plan changes, activity, health and AI credits through the service (R11, R12, R14, R17).</summary>
public sealed class ConnectedAppsServiceAppLifecycleTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task R12_ChangePlan_DowngradeBelowTheSlotsInUse_AnswersHowManyAppsMustGo()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await GrowthWithFourAppsAsync(adapter);

        var result = await fixture.Service.ChangePlanAsync(new ChangePlanCommand(StoreId, TestPlans.Starter.Id, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.DowngradeNeedsDisconnects, result.Status);
        Assert.Equal(1, result.AppsToDisconnect());
        var store = await fixture.StoreAsync();
        Assert.Equal(TestPlans.Growth.Id, store.PlanId);
        Assert.Equal(4, store.SlotsInUse);
        Assert.Equal(0, adapter.DisconnectCalls);
    }

    [Fact]
    public async Task R12_ChangePlan_DowngradeNamingAnApp_DisconnectsItInTheSameStepAndTellsItsProvider()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await GrowthWithFourAppsAsync(adapter);

        var result = await fixture.Service.ChangePlanAsync(
            new ChangePlanCommand(StoreId, TestPlans.Starter.Id, [adapter.Key], Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.PlanChanged, result.Status);
        Assert.Equal(1, adapter.DisconnectCalls);
        var store = await fixture.StoreAsync();
        Assert.Equal(TestPlans.Starter.Id, store.PlanId);
        Assert.Equal(3, store.SlotsInUse);
        Assert.DoesNotContain(store.GetApps(), a => a.Key == adapter.Key);
        Assert.Contains(fixture.Sink.Events, e => e is PlanChanged p && p.To == TestPlans.Starter.Id);
    }

    [Fact]
    public async Task R11_RecordActivity_ConnectedApp_RecordsWhenItWasUsed()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        fixture.Clock.Advance(Duration.FromDays(3));

        var result = await fixture.Service.RecordActivityAsync(new RecordActivityCommand(StoreId, adapter.Key, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.ActivityRecorded, result.Status);
        var store = await fixture.StoreAsync();
        Assert.Equal(fixture.Clock.GetCurrentInstant(), Assert.Single(store.GetApps()).LastActivityAt);
        Assert.Equal(SlotEntryKind.ActivityRecorded, (await fixture.LedgerAsync()).Entries[^1].Kind);
    }

    [Fact]
    public async Task RecordActivity_AppNotConnected_AnswersNotConnected()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        var versionBefore = (await fixture.StoreAsync()).Version;

        var result = await fixture.Service.RecordActivityAsync(new RecordActivityCommand(StoreId, BuiltInProviders.Wati.Key, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.NotConnected, result.Status);
        Assert.Equal(versionBefore, (await fixture.StoreAsync()).Version);
    }

    [Fact]
    public async Task R17_MarkNeedsAttention_ConnectedApp_KeepsItsSlot()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);

        var result = await MarkAsync(fixture, adapter);

        Assert.Equal(OutcomeStatus.MarkedNeedsAttention, result.Status);
        var store = await fixture.StoreAsync();
        var app = Assert.Single(store.GetApps());
        Assert.Equal(ConnectionState.NeedsAttention, app.State);
        Assert.Equal(AttentionReason.CredentialsExpired, app.AttentionReason);
        Assert.Equal(1, store.SlotsInUse);
        Assert.Contains(fixture.Sink.Events, e => e is AppNeedsAttention a && a.Provider == adapter.Key);
    }

    [Fact]
    public async Task R17_Reconnect_AppNeedingAttention_ConnectsWithTheNewSetupInTheSameSlot()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await MarkAsync(fixture, adapter);
        var connectedAt = Assert.Single((await fixture.StoreAsync()).GetApps()).ConnectedAt;
        fixture.Clock.Advance(Duration.FromHours(2));

        var result = await fixture.Service.ReconnectAsync(
            new ReconnectAppCommand(StoreId, adapter.Key, FakeAdapter.RenewedSetup, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.Reconnected, result.Status);
        Assert.Equal(2, adapter.ConnectCalls);
        Assert.Equal(FakeAdapter.NewToken, adapter.ConnectSetups[^1].GetSecret(FakeAdapter.TokenField)!.Reveal());
        var store = await fixture.StoreAsync();
        var app = Assert.Single(store.GetApps());
        Assert.Equal(ConnectionState.Active, app.State);
        Assert.Equal(connectedAt, app.ConnectedAt);
        Assert.Equal(1, store.SlotsInUse);
    }

    [Fact]
    public async Task R17_Reconnect_ProviderRefusesTheNewSetup_AppStillNeedsAttention()
    {
        var adapter = FakeAdapter.Advertising();
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup);
        await MarkAsync(fixture, adapter);
        var versionBefore = (await fixture.StoreAsync()).Version;
        adapter.Refusing("The new API token was revoked too.");

        var result = await fixture.Service.ReconnectAsync(
            new ReconnectAppCommand(StoreId, adapter.Key, FakeAdapter.RenewedSetup, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.ProviderRefused, result.Status);
        var store = await fixture.StoreAsync();
        Assert.Equal(ConnectionState.NeedsAttention, Assert.Single(store.GetApps()).State);
        Assert.Equal(versionBefore, store.Version);
    }

    [Fact]
    public async Task R14_ConnectedAppCommands_NeverChangeTheAiCreditBalance_OnlyAiUseDoes()
    {
        var adapter = FakeAdapter.Advertising();
        var replacement = FakeAdapter.Advertising("fake-ads-two");
        using var fixture = await new ServiceFixture([adapter, replacement], _ => { }).OpenAsync(TestPlans.Starter);
        var credits = TestPlans.Starter.AiCredits;

        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup)).Status);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        Assert.Equal(OutcomeStatus.ActivityRecorded, (await fixture.Service.RecordActivityAsync(new RecordActivityCommand(StoreId, adapter.Key, Merchant, IdempotencyKey.New()), CancellationToken.None)).Status);
        Assert.Equal(OutcomeStatus.Replaced, (await fixture.Service.ReplaceAsync(new ReplaceAppCommand(StoreId, adapter.Key, replacement.Key, FakeAdapter.ValidSetup, Merchant, IdempotencyKey.New()), CancellationToken.None)).Status);
        Assert.Equal(OutcomeStatus.Disconnected, (await fixture.Service.DisconnectAsync(new DisconnectAppCommand(StoreId, BuiltInProviders.MetaPixel.Key, Merchant, IdempotencyKey.New()), CancellationToken.None)).Status);
        Assert.Equal(OutcomeStatus.PlanChanged, (await fixture.Service.ChangePlanAsync(new ChangePlanCommand(StoreId, TestPlans.Growth.Id, Merchant, IdempotencyKey.New()), CancellationToken.None)).Status);
        Assert.Equal(credits, (await fixture.StoreAsync()).AiCreditBalance);

        var used = await fixture.Service.UseAiCreditsAsync(new UseAiCreditsCommand(StoreId, 30, AiUsePurpose.Summarize, Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal(OutcomeStatus.AiCreditsUsed, used.Status);
        var store = await fixture.StoreAsync();
        Assert.Equal(credits - 30, store.AiCreditBalance);
        Assert.All((await fixture.LedgerAsync()).Entries.Where(e => e.Kind != SlotEntryKind.AiCreditsUsed), e => Assert.Equal(credits, e.AiCreditBalance));
    }

    /// <summary>A Growth store (5 slots) with four apps: Razorpay, Shiprocket, Meta Pixel and <paramref name="adapter"/>.</summary>
    private static async Task<ServiceFixture> GrowthWithFourAppsAsync(FakeAdapter adapter)
    {
        var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Growth);
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.MetaPixel);
        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup)).Status);
        return fixture;
    }

    private static Task<ConnectedAppsResult> MarkAsync(ServiceFixture fixture, FakeAdapter adapter) =>
        fixture.Service.MarkNeedsAttentionAsync(
            new MarkNeedsAttentionCommand(StoreId, adapter.Key, AttentionReason.CredentialsExpired, Actor.System, IdempotencyKey.New()), CancellationToken.None);
}
