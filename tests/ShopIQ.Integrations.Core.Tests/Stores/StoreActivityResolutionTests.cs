using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// Activity reaches the ledger at most once per app and <see cref="ConnectedAppsPolicy.ActivityResolution"/>, so a busy
/// app does not grow the ledger; within the resolution it is answered as recorded, with the activity on record (R11).
/// </summary>
public sealed class StoreActivityResolutionTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderDescriptor App = StoreFixture.Provider("busy-app", ProviderCategory.Other);

    [Fact]
    public void R11_RecordActivity_TwiceWithinTheResolution_AppendsOneEntryAndAnswersTheFirstInstant()
    {
        var (fixture, store) = StoreWithApp(TestPlans.Policy);
        fixture.Clock.AdvanceMinutes(5);
        var first = fixture.Clock.GetCurrentInstant();
        store.RecordActivity(App.Key, Merchant);
        var version = store.Version;
        fixture.Clock.AdvanceHours(23);

        var outcome = store.RecordActivity(App.Key, Merchant);

        Assert.Equal(OutcomeStatus.ActivityRecorded, outcome.Status);
        Assert.Equal(version, store.Version);
        Assert.Equal(first, outcome.App!.LastActivityAt);
        Assert.Equal(first, Assert.Single(store.GetApps()).LastActivityAt);
        Assert.Contains("on record", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("once every 1 day", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(first, Assert.Single(store.Ledger.Entries, e => e.Kind == SlotEntryKind.ActivityRecorded).At);
    }

    [Fact]
    public void R11_RecordActivity_OneTickBeforeTheResolutionIsOver_AppendsNothing()
    {
        var (fixture, store) = StoreWithApp(TestPlans.Policy);
        store.RecordActivity(App.Key, Merchant);
        var version = store.Version;
        fixture.Clock.Advance(Duration.FromDays(1) - Duration.Epsilon);

        store.RecordActivity(App.Key, Merchant);

        Assert.Equal(version, store.Version);
    }

    [Fact]
    public void R11_RecordActivity_OnceTheResolutionIsOver_AppendsAgain()
    {
        var (fixture, store) = StoreWithApp(TestPlans.Policy);
        store.RecordActivity(App.Key, Merchant);
        var version = store.Version;
        fixture.Clock.AdvanceDays(1);

        var outcome = store.RecordActivity(App.Key, Merchant);

        Assert.Equal(OutcomeStatus.ActivityRecorded, outcome.Status);
        Assert.Equal(version + 1, store.Version);
        Assert.Equal(SlotEntryKind.ActivityRecorded, store.Ledger.Entries[^1].Kind);
        Assert.Equal(fixture.Clock.GetCurrentInstant(), outcome.App!.LastActivityAt);
        Assert.Equal(fixture.Clock.GetCurrentInstant(), Assert.Single(store.GetApps()).LastActivityAt);
    }

    [Fact]
    public void R11_RecordActivity_ConfiguredResolution_IsTheOneApplied()
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = Duration.FromMinutes(10) };
        var (fixture, store) = StoreWithApp(policy);
        store.RecordActivity(App.Key, Merchant);
        var version = store.Version;

        fixture.Clock.AdvanceMinutes(9);
        var within = store.RecordActivity(App.Key, Merchant);
        fixture.Clock.AdvanceMinutes(1);
        store.RecordActivity(App.Key, Merchant);

        Assert.Contains("once every 10 minutes", within.Message, StringComparison.Ordinal);
        Assert.Equal(version + 1, store.Version);
    }

    [Fact]
    public void R11_RecordActivity_AfterACatalogEdit_KeepsTheConfiguredResolution()
    {
        // A catalog edit makes the store a new policy: it must carry the resolution over.
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = Duration.FromMinutes(10) };
        var (fixture, store) = StoreWithApp(policy);
        store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Growth.WithConnectedApps(SlotAllowance.Of(6))), Merchant);
        store.RecordActivity(App.Key, Merchant);
        var version = store.Version;
        fixture.Clock.AdvanceMinutes(10);

        store.RecordActivity(App.Key, Merchant);

        Assert.Equal(Duration.FromMinutes(10), store.Policy.ActivityResolution);
        Assert.Equal(version + 1, store.Version);
    }

    [Fact]
    public void ActivityResolution_Default_IsOneDay() =>
        Assert.Equal(Duration.FromDays(1), new ConnectedAppsPolicy(TestPlans.Catalog).ActivityResolution);

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(-864_000_000_000L)]
    public void ActivityResolution_ZeroOrNegative_IsRefused(long ticks) =>
        Assert.Throws<ArgumentOutOfRangeException>("ActivityResolution", () => new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = Duration.FromTicks(ticks) });

    [Fact]
    public void ActivityResolution_OverTheMaximum_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>("ActivityResolution", () => new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = ConnectedAppsPolicy.MaxUnusedAppWindow + Duration.Epsilon });

    [Fact]
    public void ActivityResolution_AtTheBounds_IsAccepted()
    {
        Assert.Equal(Duration.Epsilon, new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = Duration.Epsilon }.ActivityResolution);
        Assert.Equal(ConnectedAppsPolicy.MaxUnusedAppWindow, new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = ConnectedAppsPolicy.MaxUnusedAppWindow }.ActivityResolution);
    }

    private static (StoreFixture Fixture, Store Store) StoreWithApp(ConnectedAppsPolicy policy)
    {
        var fixture = new StoreFixture(TestPlans.Growth, policy).With(App);
        return (fixture, fixture.Store);
    }
}
