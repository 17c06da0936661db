using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>Replace through the service: one step with no net slot change, the replacement's provider asked first (R10).</summary>
public sealed class ConnectedAppsServiceReplaceTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task R10_Replace_AtTheLimit_SwapsInTheSameSlotAndTellsTheOldProvider()
    {
        var old = FakeAdapter.Advertising("fake-ads");
        var replacement = FakeAdapter.Advertising("fake-ads-two");
        using var fixture = await FullStarterAsync(old, replacement);

        var result = await fixture.Service.ReplaceAsync(Replace(old, replacement), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.Replaced, result.Status);
        Assert.Contains(CommerceWorkflow.MarketingAndPerformanceData, result.WorkflowsToTest());
        Assert.Equal(1, replacement.ConnectCalls);
        Assert.Equal(1, old.DisconnectCalls);
        var store = await fixture.StoreAsync();
        Assert.Equal(3, store.SlotsInUse);
        Assert.Contains(store.GetApps(), a => a.Key == replacement.Key && a.State == ConnectionState.Active);
        Assert.DoesNotContain(store.GetApps(), a => a.Key == old.Key);
        Assert.Contains(fixture.Sink.Events, e => e is AppReplaced r && r.Replaced == old.Key && r.Replacement == replacement.Key);
    }

    [Fact]
    public async Task R10_Replace_ReplacementProviderRefuses_AnswersProviderRefusedAndChangesNothing()
    {
        const string reason = "The API token has no ads_management permission.";
        var old = FakeAdapter.Advertising("fake-ads");
        var replacement = FakeAdapter.Advertising("fake-ads-two").Refusing(reason);
        using var fixture = await FullStarterAsync(old, replacement);
        var before = await fixture.StoreAsync();

        var result = await fixture.Service.ReplaceAsync(Replace(old, replacement), CancellationToken.None);

        Assert.Equal(OutcomeStatus.ProviderRefused, result.Status);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        Assert.Equal(0, old.DisconnectCalls);
        var after = await fixture.StoreAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Contains(after.GetApps(), a => a.Key == old.Key);
        Assert.DoesNotContain(after.GetApps(), a => a.Key == replacement.Key);
    }

    [Fact]
    public async Task R10_Replace_StoreWouldRefuse_NeverCallsTheReplacementProvider()
    {
        var old = FakeAdapter.Advertising("fake-ads");
        var replacement = FakeAdapter.Advertising("fake-ads-two");
        using var fixture = await new ServiceFixture([old, replacement], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.ConnectAsync(old.Key, FakeAdapter.ValidSetup);
        await fixture.ConnectAsync(replacement.Key, FakeAdapter.ValidSetup);
        var callsBefore = replacement.ConnectCalls;
        var versionBefore = (await fixture.StoreAsync()).Version;

        var result = await fixture.Service.ReplaceAsync(Replace(old, replacement), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.AlreadyConnected, result.Status);
        Assert.Equal(callsBefore, replacement.ConnectCalls);
        Assert.Equal(0, old.DisconnectCalls);
        Assert.Equal(versionBefore, (await fixture.StoreAsync()).Version);
    }

    /// <summary>A Starter store (3 slots) full with Razorpay, Shiprocket and <paramref name="old"/>.</summary>
    private static async Task<ServiceFixture> FullStarterAsync(FakeAdapter old, FakeAdapter replacement)
    {
        var fixture = await new ServiceFixture([old, replacement], _ => { }).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(old.Key, FakeAdapter.ValidSetup)).Status);
        return fixture;
    }

    private static ReplaceAppCommand Replace(FakeAdapter old, FakeAdapter replacement) =>
        new(StoreId, old.Key, replacement.Key, FakeAdapter.ValidSetup, Merchant, IdempotencyKey.New());
}
