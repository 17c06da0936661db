using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Plan changes never push a store over (R12); catalog edits are not retroactive (R13).</summary>
public sealed class StorePlanChangeTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public void R12_ChangePlan_UpgradeFromFullStarter_AppliesAndMakesRoom()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;

        var outcome = store.ChangePlan(TestPlans.Growth.Id, Merchant);

        Assert.Equal(OutcomeStatus.PlanChanged, outcome.Status);
        Assert.Equal(TestPlans.Growth, outcome.Plan());
        Assert.Equal(TestPlans.Growth.Id, store.PlanId);
        Assert.Equal(SlotAllowance.Of(5), store.Allowance);
        Assert.Equal(3, store.SlotsInUse);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.PlanChanged, entry.Kind);
        Assert.Equal(TestPlans.Growth.Id, entry.PlanId);
        Assert.Equal(SlotAllowance.Of(5), entry.Allowance);
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant).Status);
    }

    [Fact]
    public void R12_ChangePlan_UpgradeFromFreeToUnlimited_Applies()
    {
        var fixture = new StoreFixture(TestPlans.Free);
        var store = fixture.Store;

        var outcome = store.ChangePlan(TestPlans.Enterprise.Id, Merchant);

        Assert.Equal(OutcomeStatus.PlanChanged, outcome.Status);
        Assert.True(store.Allowance.IsUnlimited);
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).Status);
    }

    [Fact]
    public void R12_ChangePlan_DowngradeOverTheLimit_IsRefusedWithHowManyAppsMustGo()
    {
        var fixture = FullGrowth();
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.ChangePlan(TestPlans.Starter.Id, Merchant);

        Assert.Equal(OutcomeStatus.DowngradeNeedsDisconnects, outcome.Status);
        Assert.Equal(2, outcome.AppsToDisconnect());
        Assert.Equal(TestPlans.Starter, outcome.Plan());
        Assert.Equal(TestPlans.Growth.Id, store.PlanId);
        Assert.Equal(SlotAllowance.Of(5), store.Allowance);
        Assert.Equal(before, StoreState.Of(store));
        Assert.Empty(store.TakeEvents());
    }

    [Fact]
    public void R12_ChangePlan_DowngradeToFree_NeedsEveryAppToGo()
    {
        var fixture = FullGrowth();
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.ChangePlan(TestPlans.Free.Id, Merchant);

        Assert.Equal(OutcomeStatus.DowngradeNeedsDisconnects, outcome.Status);
        Assert.Equal(5, outcome.AppsToDisconnect());
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R12_ChangePlan_DowngradeWithinTheNewAllowance_Applies()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.MetaPixel, BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;

        var outcome = store.ChangePlan(TestPlans.Starter.Id, Merchant);

        Assert.Equal(OutcomeStatus.PlanChanged, outcome.Status);
        Assert.Equal(SlotAllowance.Of(3), store.Allowance);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(OutcomeStatus.LimitReached, store.Connect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant).Status);
    }

    [Fact]
    public void R12_ChangePlan_DowngradeNamingTooFewApps_IsRefusedWithTheRemainingCount()
    {
        var fixture = FullGrowth();
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.MetaPixel.Key], [], Merchant);

        Assert.Equal(OutcomeStatus.DowngradeNeedsDisconnects, outcome.Status);
        Assert.Equal(1, outcome.AppsToDisconnect());
        Assert.Equal(before, StoreState.Of(store));
        Assert.Contains(store.GetApps(), a => a.Key == BuiltInProviders.MetaPixel.Key);
    }

    [Fact]
    public void R12_ChangePlan_DowngradeNamingNonCriticalApps_DisconnectsThemAndChangesPlanAtomically()
    {
        var fixture = FullGrowth();
        var store = fixture.Store;
        var entries = store.Ledger.Entries.Count;
        fixture.Clock.AdvanceDays(2);
        var at = fixture.Clock.GetCurrentInstant();

        var outcome = store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.MetaPixel.Key, BuiltInProviders.AmazonSellerCentral.Key], [], Merchant);

        Assert.Equal(OutcomeStatus.PlanChanged, outcome.Status);
        Assert.Equal(TestPlans.Starter.Id, store.PlanId);
        Assert.Equal(SlotAllowance.Of(3), store.Allowance);
        Assert.Equal(["razorpay", "shiprocket", "wati"], store.GetApps().Select(a => a.Key.Value).Order(StringComparer.Ordinal));
        var added = store.Ledger.Entries.Skip(entries).ToArray();
        Assert.Equal([SlotEntryKind.Disconnected, SlotEntryKind.Disconnected, SlotEntryKind.PlanChanged], added.Select(e => e.Kind));
        Assert.Equal([4, 3, 3], added.Select(e => e.SlotsInUse));
        Assert.All(added, e => Assert.Equal(at, e.At));
        Assert.All(added, e => Assert.Equal(Merchant, e.Actor));
        Assert.True(store.Ledger.Verify().IsValid);
    }

    [Fact]
    public void R12_ChangePlan_DowngradeNamingCriticalAppWithoutAcknowledgement_IsRefusedAndStoreUnchanged()
    {
        var fixture = FullGrowth();
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.MetaPixel.Key, BuiltInProviders.Razorpay.Key], [], Merchant);

        Assert.Equal(OutcomeStatus.AcknowledgementRequired, outcome.Status);
        Assert.Equal(BuiltInProviders.Razorpay.Key, outcome.Provider);
        Assert.NotNull(outcome.Assessment());
        Assert.Equal(ImpactSeverity.Critical, outcome.Assessment().Severity);
        Assert.Equal(before, StoreState.Of(store));
        Assert.Contains(store.GetApps(), a => a.Key == BuiltInProviders.MetaPixel.Key);
    }

    [Fact]
    public void R12_ChangePlan_DowngradeNamingCriticalAppsWithAcknowledgements_Applies()
    {
        var fixture = FullGrowth();
        var store = fixture.Store;
        ProviderKey[] named = [BuiltInProviders.Razorpay.Key, BuiltInProviders.Wati.Key];
        var acknowledgements = named.Select(k => Acknowledge(store, k)).ToArray();

        var outcome = store.ChangePlan(TestPlans.Starter.Id, named, acknowledgements, Merchant);

        Assert.Equal(OutcomeStatus.PlanChanged, outcome.Status);
        Assert.Equal(["amazon-seller-central", "meta-pixel", "shiprocket"], store.GetApps().Select(a => a.Key.Value).Order(StringComparer.Ordinal));
        Assert.Equal(SlotAllowance.Of(3), store.Allowance);
    }

    [Fact]
    public void R8_ChangePlan_DowngradeNamingBothPaymentGateways_AcknowledgementsThatCountEachOtherAsCoverAreRefused()
    {
        var stripe = StoreFixture.Provider("stripe", ProviderCategory.Payments, CommerceWorkflow.PaymentProcessing);
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, stripe, BuiltInProviders.MetaPixel, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var razorpay));
        Assert.True(store.TryAssessImpact(stripe.Key, out var other));
        Assert.Equal([stripe.Key], Assert.Single(razorpay.Workflows).CoveredBy);
        Assert.Equal([BuiltInProviders.Razorpay.Key], Assert.Single(other.Workflows).CoveredBy);
        var before = StoreState.Of(store);

        // Each acknowledged assessment says online payment stays covered by the other gateway, yet both go in this one step.
        var outcome = store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.Razorpay.Key, stripe.Key], [razorpay.Acknowledge(), other.Acknowledge()], Merchant);

        Assert.NotEqual(OutcomeStatus.PlanChanged, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R12_ChangePlan_DowngradeWithStaleAcknowledgement_IsRefusedAndStoreUnchanged()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        var acknowledgement = Acknowledge(store, BuiltInProviders.Razorpay.Key);
        store.Connect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        var before = StoreState.Of(store);

        var outcome = store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.MetaPixel.Key, BuiltInProviders.Razorpay.Key], [acknowledgement], Merchant);

        Assert.Equal(OutcomeStatus.AcknowledgementStale, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R12_ChangePlan_DowngradeNamingAppWithoutSelfServiceDisconnect_IsNotSupportedAndStoreUnchanged()
    {
        var managed = new ProviderDescriptor(
            new ProviderKey("managed-erp"), "Managed ERP", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], supportsSelfServiceDisconnect: false, ProviderAvailability.Available);
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, managed, BuiltInProviders.Razorpay);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.MetaPixel.Key, managed.Key], [], Merchant);

        Assert.Equal(OutcomeStatus.NotSupported, outcome.Status);
        Assert.Equal(managed.Key, outcome.Provider);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R12_ChangePlan_UnknownPlan_IsRefusedAndStoreUnchanged()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.ChangePlan(new PlanId("platinum"), Merchant);

        Assert.Equal(OutcomeStatus.UnknownPlan, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R13_ApplyCatalog_LoweredAllowance_KeepsTheGrantedAllowance()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        var lowered = TestPlans.Catalog.WithPlan(TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(2)));
        var before = StoreState.Of(store);

        var outcome = store.ApplyCatalog(lowered, Actor.System);

        Assert.Equal(OutcomeStatus.AllowanceKept, outcome.Status);
        Assert.Equal(SlotAllowance.Of(2), outcome.Plan()?.ConnectedApps);
        Assert.Equal(SlotAllowance.Of(3), store.Allowance);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Same(lowered, store.Policy.Catalog);
        Assert.Equal(before, StoreState.Of(store));
        Assert.True(store.Ledger.Verify().IsValid);
    }

    [Fact]
    public void R13_ApplyCatalog_LoweredAllowance_StoreCanStillFillItsGrantedAllowance()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(1))), Actor.System);

        var third = store.Connect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        var fourth = store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal(OutcomeStatus.Connected, third.Status);
        Assert.Equal(OutcomeStatus.LimitReached, fourth.Status);
        Assert.Equal(3, store.SlotsInUse);
    }

    [Fact]
    public void R13_ApplyCatalog_RaisedAllowance_AppliesAtOnce()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;

        var outcome = store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(4))), Actor.System);

        Assert.Equal(OutcomeStatus.AllowanceRaised, outcome.Status);
        Assert.Equal(SlotAllowance.Of(4), store.Allowance);
        Assert.Equal(TestPlans.Starter.Id, store.PlanId);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.AllowanceRaised, entry.Kind);
        Assert.Equal(SlotAllowance.Of(4), entry.Allowance);
        Assert.Equal(Actor.System, entry.Actor);
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant).Status);
    }

    [Fact]
    public void R13_ApplyCatalog_RaisedToUnlimited_AppliesAtOnce()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;

        var outcome = store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Growth.WithConnectedApps(SlotAllowance.Unlimited)), Actor.System);

        Assert.Equal(OutcomeStatus.AllowanceRaised, outcome.Status);
        Assert.True(store.Allowance.IsUnlimited);
    }

    [Fact]
    public void R13_ApplyCatalog_OtherPlanEdited_LeavesTheStoreAlone()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Growth.WithConnectedApps(SlotAllowance.Of(8))), Actor.System);

        Assert.Equal(OutcomeStatus.AllowanceKept, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R13_ChangePlan_AfterCatalogLoweredThePlan_FollowsR12()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(2))), Actor.System);
        var before = StoreState.Of(store);

        var refused = store.ChangePlan(TestPlans.Starter.Id, Merchant);

        Assert.Equal(OutcomeStatus.DowngradeNeedsDisconnects, refused.Status);
        Assert.Equal(1, refused.AppsToDisconnect());
        Assert.Equal(before, StoreState.Of(store));

        var applied = store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.MetaPixel.Key], [], Merchant);

        Assert.Equal(OutcomeStatus.PlanChanged, applied.Status);
        Assert.Equal(SlotAllowance.Of(2), store.Allowance);
        Assert.Equal(2, store.SlotsInUse);
    }

    [Fact]
    public void R13_ChangePlan_UpgradeThenBackToLoweredPlan_GetsTheLoweredAllowance()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(2))), Actor.System);

        Assert.Equal(OutcomeStatus.PlanChanged, store.ChangePlan(TestPlans.Growth.Id, Merchant).Status);
        var back = store.ChangePlan(TestPlans.Starter.Id, Merchant);

        Assert.Equal(OutcomeStatus.PlanChanged, back.Status);
        Assert.Equal(SlotAllowance.Of(2), store.Allowance);
    }

    [Fact]
    public void R13_ApplyCatalog_PlanDropped_KeepsAllowanceAndThePlanCannotBeChosenAgain()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var withoutStarter = new PlanCatalog([TestPlans.Free, TestPlans.Growth, TestPlans.Pro, TestPlans.Enterprise]);
        var before = StoreState.Of(store);

        var outcome = store.ApplyCatalog(withoutStarter, Actor.System);
        var change = store.ChangePlan(TestPlans.Starter.Id, Merchant);

        Assert.Equal(OutcomeStatus.AllowanceKept, outcome.Status);
        Assert.Equal(OutcomeStatus.UnknownPlan, change.Status);
        Assert.Equal(SlotAllowance.Of(3), store.Allowance);
        Assert.Equal(before, StoreState.Of(store));
    }

    private static StoreFixture FullGrowth() =>
        new StoreFixture(TestPlans.Growth).With(
            BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);

    private static ImpactAcknowledgement Acknowledge(Store store, ProviderKey key)
    {
        Assert.True(store.TryAssessImpact(key, out var assessment));
        return assessment.Acknowledge();
    }
}
