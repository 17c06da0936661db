using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// The orders a store lists things in, its guards against missing arguments and a handed-over state, the instants it
/// records (whole microseconds, as PostgreSQL keeps them), and the wording of refusals not read elsewhere.
/// </summary>
public sealed class StoreOrderAndGuardTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public void GetApps_ListsAppsInTheOrderTheyTookTheirSlot_TiesByKey()
    {
        var fixture = new StoreFixture(TestPlans.Pro);
        var store = fixture.Store;
        foreach (var key in new[] { "delta", "bravo" })
        {
            store.Connect(StoreFixture.Provider(key, ProviderCategory.Other), Valid(StoreFixture.Provider(key, ProviderCategory.Other)), Merchant);
        }

        fixture.Clock.AdvanceMinutes(1);
        foreach (var key in new[] { "charlie", "alpha" })
        {
            store.Connect(StoreFixture.Provider(key, ProviderCategory.Other), Valid(StoreFixture.Provider(key, ProviderCategory.Other)), Merchant);
        }

        Assert.Equal(["bravo", "delta", "alpha", "charlie"], store.GetApps().Select(a => a.Key.Value));
    }

    [Fact]
    public void ExpireReservations_AnswersTheExpiredByDeadline_TiesByKey()
    {
        var fixture = new StoreFixture(TestPlans.Pro);
        var store = fixture.Store;
        foreach (var key in new[] { "zulu", "yankee" })
        {
            store.BeginConnect(StoreFixture.Provider(key, ProviderCategory.Other), Valid(StoreFixture.Provider(key, ProviderCategory.Other)), Merchant);
        }

        fixture.Clock.AdvanceMinutes(1);
        store.BeginConnect(StoreFixture.Provider("alpha", ProviderCategory.Other), Valid(StoreFixture.Provider("alpha", ProviderCategory.Other)), Merchant);
        fixture.Clock.Advance(store.Policy.PendingReservationLifetime + Duration.FromMinutes(1));

        Assert.Equal(["yankee", "zulu", "alpha"], store.ExpireReservations().Select(a => a.Key.Value));
    }

    [Fact]
    public void Instants_AreRecordedToTheWholeMicrosecond_NeverLater()
    {
        var clock = new FakeClock(StoreFixture.Start + Duration.FromTicks(17)); // 1.7 microseconds past
        var store = TestStores.Open(new StoreId("store-1"), TestPlans.Starter.Id, TestPlans.Policy, clock, Merchant);

        Assert.Equal(StoreFixture.Start + Duration.FromTicks(10), store.Ledger.Entries[0].At);
    }

    [Fact]
    public void Operations_RefuseAMissingArgument_NamingIt()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        var app = new ProviderKey("app");
        var connection = ConnectionId.New();

        void Missing(string name, Action call) => Assert.Equal(name, Assert.Throws<ArgumentNullException>(call).ParamName);

        Missing("actor", () => Store.Open(new StoreId("other"), TestPlans.Starter.Id, TestPlans.Policy, new FakeClock(StoreFixture.Start), null!, out _));
        Missing("provider", () => store.CompleteConnect(null!, connection, Merchant));
        Missing("connection", () => store.CompleteConnect(app, null!, Merchant));
        Missing("actor", () => store.CompleteConnect(app, connection, null!));
        Missing("provider", () => store.FailConnect(null!, connection, Merchant));
        Missing("connection", () => store.FailConnect(app, null!, Merchant));
        Missing("actor", () => store.FailConnect(app, connection, null!));
        Missing("key", () => store.TryGetApp(null!, out _));

        var listed = Assert.Throws<ArgumentNullException>(() => store.ChangePlan(TestPlans.Growth.Id, [app, null!], [], Merchant));
        Assert.Equal("appsToDisconnect", listed.ParamName);
        Assert.StartsWith("An app to disconnect is null.", listed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoreHandedOverAsASnapshot_CanBeReadButNotChanged()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var snapshot = store.HandOverSnapshot();

        var error = Assert.Throws<InvalidOperationException>(() => store.UseAiCredits(1, AiUsePurpose.Analyze, Merchant));

        Assert.StartsWith("Store 'store-1' was handed over as a snapshot and cannot change", error.Message, StringComparison.Ordinal);
        Assert.Single(store.GetApps());
        Assert.Equal(store.Version, snapshot.Version);
    }

    [Fact]
    public void FromLedger_AHistoryThatCannotBeReplayed_IsRefusedSayingWhy()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var e = fixture.Store.Ledger.Entries[^1];

        // Sound in sequence and counts, but naming an app that is not pending: only replaying it finds the problem.
        var forged = SlotLedger.FromEntries(
            fixture.Store.Id,
            [.. fixture.Store.Ledger.Entries, new SlotLedgerEntry(e.Sequence + 1, e.At, Merchant, SlotEntryKind.Activated, BuiltInProviders.MetaPixel.Key, null, e.PlanId, e.Allowance, e.SlotsInUse, e.AiCreditBalance, null, null)]);
        var unreplayable = Assert.Throws<ArgumentException>(() => Store.FromLedger(forged, TestPlans.Policy, fixture.Clock));
        Assert.Equal("ledger", unreplayable.ParamName);
        Assert.StartsWith($"The ledger of store 'store-1' cannot be replayed: entry {e.Sequence + 1} (Activated) names 'meta-pixel'", unreplayable.Message, StringComparison.Ordinal);

        var swapped = SlotLedger.FromEntries(fixture.Store.Id, [fixture.Store.Ledger.Entries[1], fixture.Store.Ledger.Entries[0], .. fixture.Store.Ledger.Entries.Skip(2)]);
        var unsound = Assert.Throws<ArgumentException>(() => Store.FromLedger(swapped, TestPlans.Policy, fixture.Clock));
        Assert.Equal($"The ledger of store 'store-1' does not verify: {swapped.Verify()} (Parameter 'ledger')", unsound.Message);
    }

    [Fact]
    public void Replace_SaysWhatReplacedWhatAndWhichWorkflowsToTest()
    {
        var old = StoreFixture.Provider("old-app", ProviderCategory.Other, CommerceWorkflow.OtherCommerceOperations);
        var incoming = StoreFixture.Provider("new-app", ProviderCategory.Other, CommerceWorkflow.OtherCommerceOperations, CommerceWorkflow.MarketingAndPerformanceData);
        var fixture = new StoreFixture(TestPlans.Starter).With(old);

        var outcome = fixture.Store.Replace(old.Key, incoming, Valid(incoming), Merchant);

        Assert.Equal(OutcomeStatus.Replaced, outcome.Status);
        Assert.Equal(
            $"{incoming.DisplayName} replaced {old.DisplayName} in the same slot; test: {CommerceWorkflow.OtherCommerceOperations}, {CommerceWorkflow.MarketingAndPerformanceData}.",
            outcome.Message);
    }

    [Theory]
    [InlineData(ProviderAvailability.NotOffered, "ShopIQ does not offer it")]
    [InlineData(ProviderAvailability.Retired, "it is retired; existing connections keep working")]
    [InlineData(ProviderAvailability.NotInRegion, "it is not offered in this region")]
    public void Connect_AProviderNotAvailable_SaysWhy(ProviderAvailability availability, string why)
    {
        var provider = new ProviderDescriptor(new ProviderKey("gone-app"), "Gone App", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], true, availability);
        var store = new StoreFixture(TestPlans.Starter).Store;

        var outcome = store.Connect(provider, Valid(provider), Merchant);

        Assert.Equal(OutcomeStatus.ProviderUnavailable, outcome.Status);
        Assert.Equal($"Gone App cannot be connected: {why}.", outcome.Message);
    }

    [Fact]
    public void LimitReached_OnTheHighestPlanWithALimit_OffersNoUpgrade()
    {
        var catalog = new PlanCatalog([TestPlans.Starter]);
        var fixture = new StoreFixture(TestPlans.Starter, new ConnectedAppsPolicy(catalog))
            .With(StoreFixture.Provider("a", ProviderCategory.Other), StoreFixture.Provider("b", ProviderCategory.Other), StoreFixture.Provider("c", ProviderCategory.Other));
        var fourth = StoreFixture.Provider("d", ProviderCategory.Other);

        var outcome = fixture.Store.Connect(fourth, Valid(fourth), Merchant);

        Assert.Equal(OutcomeStatus.LimitReached, outcome.Status);
        var guidance = Assert.IsType<LimitGuidance>(outcome.Details);
        Assert.DoesNotContain(guidance.Options, o => o.Kind == LimitOptionKind.UpgradePlan);
    }

    [Fact]
    public void AWindowOfWholeDaysAndHours_ReadsInHours()
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = Duration.FromHours(25) };
        var fixture = new StoreFixture(TestPlans.Starter, policy).With(BuiltInProviders.MetaPixel);

        var outcome = fixture.Store.RecordActivity(BuiltInProviders.MetaPixel.Key, Merchant);
        fixture.Clock.AdvanceMinutes(1);
        var again = fixture.Store.RecordActivity(BuiltInProviders.MetaPixel.Key, Merchant);

        Assert.Equal(OutcomeStatus.ActivityRecorded, outcome.Status);
        Assert.EndsWith("activity is recorded once every 25 hours.", again.Message, StringComparison.Ordinal);
    }
}
