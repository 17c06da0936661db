using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>At the limit, say what to do: unused apps, replace, upgrade, support, in that order (R11).</summary>
public sealed class StoreLimitGuidanceTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderDescriptor PayU = StoreFixture.Provider("payu", ProviderCategory.Payments, CommerceWorkflow.PaymentProcessing);

    [Fact]
    public void R11_ConnectAtTheLimit_OffersTheFourOptionsInTheRulesOrder()
    {
        var fixture = IdleStarterStore();
        var store = fixture.Store;

        var outcome = store.Connect(PayU, Valid(PayU), Merchant);

        Assert.Equal(OutcomeStatus.LimitReached, outcome.Status);
        Assert.NotNull(outcome.Guidance());
        Assert.Equal(
            [LimitOptionKind.DisconnectUnusedApp, LimitOptionKind.ReplaceExistingApp, LimitOptionKind.UpgradePlan, LimitOptionKind.ContactSupport],
            outcome.Guidance().Options.Select(o => o.Kind));
    }

    [Fact]
    public void R11_ConnectAtTheLimit_ListsUnusedAppsMostIdleFirst()
    {
        var fixture = IdleStarterStore();

        var unused = Option(fixture.Store.Connect(PayU, Valid(PayU), Merchant), LimitOptionKind.DisconnectUnusedApp);

        Assert.Equal(["meta-pixel", "google-analytics"], unused.Apps.Select(a => a.Key.Value));
        Assert.Empty(unused.Plans);
        Assert.Null(unused.Support);
    }

    [Fact]
    public void R11_ConnectAtTheLimit_ListsReplaceableAppsSameCategoryFirst()
    {
        var fixture = IdleStarterStore();

        var replace = Option(fixture.Store.Connect(PayU, Valid(PayU), Merchant), LimitOptionKind.ReplaceExistingApp);

        Assert.Equal(["razorpay", "meta-pixel", "google-analytics"], replace.Apps.Select(a => a.Key.Value));
    }

    [Fact]
    public void R11_ConnectAtTheLimit_ListsPlansWithRoomLowestTierFirst()
    {
        var fixture = IdleStarterStore();

        var upgrade = Option(fixture.Store.Connect(PayU, Valid(PayU), Merchant), LimitOptionKind.UpgradePlan);

        Assert.Equal([TestPlans.Growth, TestPlans.Pro, TestPlans.Enterprise], upgrade.Plans);
        Assert.Empty(upgrade.Apps);
    }

    [Fact]
    public void R11_ConnectAtTheLimit_EndsWithTheSupportRoute()
    {
        var route = new SupportRoute("help@shopiq.example", "partners@shopiq.example");
        var fixture = new StoreFixture(TestPlans.Starter, new ConnectedAppsPolicy(TestPlans.Catalog) { Support = route })
            .With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);

        var outcome = fixture.Store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.NotNull(outcome.Guidance());
        var last = outcome.Guidance().Options[^1];
        Assert.Equal(LimitOptionKind.ContactSupport, last.Kind);
        Assert.Equal(route, last.Support);
    }

    [Fact]
    public void R11_ConnectAtTheLimit_RecentlyUsedApps_AreNotOfferedAsUnused()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        fixture.Clock.AdvanceDays(29);

        var outcome = fixture.Store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.NotNull(outcome.Guidance());
        Assert.DoesNotContain(outcome.Guidance().Options, o => o.Kind == LimitOptionKind.DisconnectUnusedApp);
        Assert.Equal(LimitOptionKind.ReplaceExistingApp, outcome.Guidance().Options[0].Kind);
    }

    [Fact]
    public void R11_ConnectAtTheLimit_UnusedWindowIsConfigurable()
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog) { UnusedAppWindow = Duration.FromDays(7) };
        var fixture = new StoreFixture(TestPlans.Starter, policy).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        fixture.Clock.AdvanceDays(8);
        fixture.Store.RecordActivity(BuiltInProviders.Shiprocket.Key, Merchant);

        var unused = Option(fixture.Store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant), LimitOptionKind.DisconnectUnusedApp);

        Assert.Equal(["razorpay", "wati"], unused.Apps.Select(a => a.Key.Value));
    }

    [Fact]
    public void R11_ConnectAtTheLimit_PendingAndNonSelfServiceApps_AreNeitherUnusedNorReplaceable()
    {
        var managed = new ProviderDescriptor(
            new ProviderKey("managed-erp"), "Managed ERP", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], supportsSelfServiceDisconnect: false, ProviderAvailability.Available);
        var fixture = new StoreFixture(TestPlans.Starter).With(managed, BuiltInProviders.MetaPixel);
        fixture.Clock.AdvanceDays(40);
        fixture.Store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);

        var outcome = fixture.Store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);

        Assert.Equal(["meta-pixel"], Option(outcome, LimitOptionKind.DisconnectUnusedApp).Apps.Select(a => a.Key.Value));
        Assert.Equal(["meta-pixel"], Option(outcome, LimitOptionKind.ReplaceExistingApp).Apps.Select(a => a.Key.Value));
    }

    [Fact]
    public void R11_ConnectAtTheLimitOfPro_OffersOnlyEnterprise()
    {
        var fixture = new StoreFixture(TestPlans.Pro);
        for (var i = 0; i < 10; i++)
        {
            fixture.With(StoreFixture.Provider($"tool-{i}", ProviderCategory.Other));
        }

        var upgrade = Option(fixture.Store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant), LimitOptionKind.UpgradePlan);

        Assert.Equal([TestPlans.Enterprise], upgrade.Plans);
    }

    [Fact]
    public void R11_ConnectOnFreePlan_OffersUpgradeThenSupportOnly()
    {
        var fixture = new StoreFixture(TestPlans.Free);

        var outcome = fixture.Store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);

        Assert.NotNull(outcome.Guidance());
        Assert.Equal([LimitOptionKind.UpgradePlan, LimitOptionKind.ContactSupport], outcome.Guidance().Options.Select(o => o.Kind));
        Assert.Equal([TestPlans.Starter, TestPlans.Growth, TestPlans.Pro, TestPlans.Enterprise], outcome.Guidance().Options[0].Plans);
    }

    [Fact]
    public void R11_Guidance_ToString_NumbersTheOptions()
    {
        var fixture = IdleStarterStore();

        var outcome = fixture.Store.Connect(PayU, Valid(PayU), Merchant);

        Assert.NotNull(outcome.Guidance());
        var text = outcome.Guidance().ToString();
        Assert.Contains("1. ", text, StringComparison.Ordinal);
        Assert.Contains("4. ", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Meta Pixel", StringComparison.Ordinal) < text.IndexOf("Growth", StringComparison.Ordinal), text);
    }

    /// <summary>
    /// A full Starter store: Meta Pixel connected at the start, Google Analytics a day later, Razorpay a day after
    /// that; 40 days on only Razorpay has activity, so the other two are unused, Meta Pixel the longest.
    /// </summary>
    private static StoreFixture IdleStarterStore()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        fixture.Clock.AdvanceDays(1);
        fixture.With(BuiltInProviders.GoogleAnalytics);
        fixture.Clock.AdvanceDays(1);
        fixture.With(BuiltInProviders.Razorpay);
        fixture.Clock.AdvanceDays(40);
        Assert.Equal(OutcomeStatus.ActivityRecorded, fixture.Store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant).Status);
        return fixture;
    }

    private static LimitOption Option(StoreOutcome outcome, LimitOptionKind kind)
    {
        Assert.Equal(OutcomeStatus.LimitReached, outcome.Status);
        Assert.NotNull(outcome.Guidance());
        return Assert.Single(outcome.Guidance().Options, o => o.Kind == kind);
    }
}
