using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// A policy takes the ends of its documented ranges; a store id is read back from valid text; and the text forms of a
/// store's values (apps, limit guidance, replacement details) read as documented.
/// </summary>
public sealed class PolicyEdgesAndStoreTextTests
{
    [Fact]
    public void Policy_TheEndsOfEachRange_AreAccepted()
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog)
        {
            PendingReservationLifetime = ConnectedAppsPolicy.MaxPendingReservationLifetime,
            UnusedAppWindow = ConnectedAppsPolicy.MaxUnusedAppWindow,
            ActivityResolution = ConnectedAppsPolicy.MaxUnusedAppWindow,
            NearlyFullThreshold = 1,
        };

        Assert.Equal(ConnectedAppsPolicy.MaxPendingReservationLifetime, policy.PendingReservationLifetime);
        Assert.Equal(ConnectedAppsPolicy.MaxUnusedAppWindow, policy.UnusedAppWindow);
        Assert.Equal(1, policy.NearlyFullThreshold);
    }

    [Fact]
    public void Policy_AResolutionPastItsRange_IsRefusedSayingTheRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = Duration.Zero });

        Assert.Equal("ActivityResolution", error.ParamName);
        Assert.StartsWith($"The activity resolution must be positive and at most {ConnectedAppsPolicy.MaxUnusedAppWindow.Days} days.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreId_TryCreate_ReadsValidText()
    {
        Assert.True(StoreId.TryCreate("store-1", out var id));
        Assert.Equal(new StoreId("store-1"), id);
        Assert.False(StoreId.TryCreate("Store 1", out var refused));
        Assert.Null(refused);
    }

    [Fact]
    public void ConnectedApp_ReadsAsItsNameKeyCategoryStateAndConnection()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var app = Assert.Single(fixture.Store.GetApps());

        Assert.Equal($"Meta Pixel (meta-pixel, {app.Category}, Active, connection {app.ConnectionId})", app.ToString());
    }

    [Fact]
    public void LimitGuidance_ReadsAsTheSlotsInUseAndItsNumberedOptions()
    {
        var fixture = new StoreFixture(TestPlans.Starter)
            .With(StoreFixture.Provider("a", ProviderCategory.Other), StoreFixture.Provider("b", ProviderCategory.Other), StoreFixture.Provider("c", ProviderCategory.Other));
        var fourth = StoreFixture.Provider("d", ProviderCategory.Other);
        var guidance = Assert.IsType<LimitGuidance>(fixture.Store.Connect(fourth, Valid(fourth), StoreFixture.Merchant).Details);

        var text = guidance.ToString();

        Assert.StartsWith($"All 3 of {guidance.Allowance} slots are in use. 1. {guidance.Options[0].Description} 2. ", text, StringComparison.Ordinal);
        Assert.EndsWith($"{guidance.Options.Count}. {guidance.Options[^1].Description}", text, StringComparison.Ordinal);

        var free = new StoreFixture(TestPlans.Free).Store;
        var none = Assert.IsType<LimitGuidance>(free.Connect(fourth, Valid(fourth), StoreFixture.Merchant).Details);
        Assert.StartsWith("The plan includes no connected apps. 1. ", none.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReplacementDetails_ReadAsTheWorkflowsToTest()
    {
        var old = StoreFixture.Provider("old-app", ProviderCategory.Other, CommerceWorkflow.OtherCommerceOperations);
        var incoming = StoreFixture.Provider("new-app", ProviderCategory.Other, CommerceWorkflow.OtherCommerceOperations, CommerceWorkflow.MarketingAndPerformanceData);
        var fixture = new StoreFixture(TestPlans.Starter).With(old);

        var details = Assert.IsType<ReplacementDetails>(fixture.Store.Replace(old.Key, incoming, Valid(incoming), StoreFixture.Merchant).Details);

        Assert.Equal($"test: {CommerceWorkflow.OtherCommerceOperations}, {CommerceWorkflow.MarketingAndPerformanceData}", details.ToString());
    }
}
