using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Replacing one app with another in one atomic step (R10), subject to availability (R16), setup (R5) and acknowledgement (R8).</summary>
public sealed class StoreReplaceTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderDescriptor Interakt = StoreFixture.Provider("interakt", ProviderCategory.WhatsAppMessaging, CommerceWorkflow.WhatsAppCampaignsAndMessages);

    public static TheoryData<ProviderAvailability> Unavailable => new()
    {
        ProviderAvailability.NotOffered, ProviderAvailability.Retired, ProviderAvailability.NotInRegion,
    };

    [Fact]
    public void R10_Replace_AtTheLimit_SwapsInOneStepWithNetZeroSlots()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        var entries = store.Ledger.Entries.Count;
        fixture.Clock.AdvanceHours(1);

        var outcome = store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        Assert.Equal(OutcomeStatus.Replaced, outcome.Status);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(
            ["amazon-seller-central", "google-analytics", "shiprocket"],
            store.GetApps().Select(a => a.Key.Value).Order(StringComparer.Ordinal));
        var app = store.GetApps().Single(a => a.Key == BuiltInProviders.GoogleAnalytics.Key);
        Assert.Equal(ConnectionState.Active, app.State);
        Assert.Equal(fixture.Clock.GetCurrentInstant(), app.ConnectedAt);
        Assert.Equal(entries + 1, store.Ledger.Entries.Count);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Replaced, entry.Kind);
        Assert.Equal(BuiltInProviders.MetaPixel.Key, entry.Provider);
        Assert.Equal(BuiltInProviders.GoogleAnalytics.Key, entry.Descriptor?.Key);
        Assert.Equal(3, entry.SlotsInUse);
        Assert.True(store.Ledger.Verify().IsValid);
    }

    [Fact]
    public void R10_Replace_Succeeded_AnswersTheWorkflowsToTest()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;

        var outcome = store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        Assert.Equal(OutcomeStatus.Replaced, outcome.Status);
        Assert.Equal(
            [CommerceWorkflow.TrafficAndBehaviourTracking, CommerceWorkflow.MarketingAndPerformanceData],
            outcome.WorkflowsToTest().Order());
        Assert.Equal(BuiltInProviders.GoogleAnalytics.Key, outcome.App?.Key);
        Assert.NotNull(outcome.Assessment());
        Assert.Equal(BuiltInProviders.MetaPixel.Key, outcome.Assessment().App.Key);
    }

    [Fact]
    public void R10_Replace_CriticalAppAtTheLimitWithAcknowledgement_ReplacesIt()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        Assert.True(store.TryAssessImpact(BuiltInProviders.Wati.Key, out var assessment));

        var outcome = store.Replace(BuiltInProviders.Wati.Key, Interakt, Valid(Interakt), assessment.Acknowledge(), Merchant);

        Assert.Equal(OutcomeStatus.Replaced, outcome.Status);
        Assert.Equal([CommerceWorkflow.WhatsAppCampaignsAndMessages], outcome.WorkflowsToTest());
        Assert.Equal(3, store.SlotsInUse);
        Assert.Contains(store.GetApps(), a => a.Key == Interakt.Key);
        Assert.DoesNotContain(store.GetApps(), a => a.Key == BuiltInProviders.Wati.Key);
    }

    [Fact]
    public void R10_Replace_CriticalAppWithoutAcknowledgement_IsRefusedAndStoreUnchanged()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Replace(BuiltInProviders.Wati.Key, Interakt, Valid(Interakt), Merchant);

        // WhatsApp is critical, so the replace needs an acknowledgement even though Interakt, coming in,
        // will carry WhatsApp campaigns: the assessment says so, and says nothing stops.
        Assert.Equal(OutcomeStatus.AcknowledgementRequired, outcome.Status);
        Assert.NotNull(outcome.Assessment());
        Assert.True(outcome.Assessment().RequiresAcknowledgement);
        Assert.Equal(ImpactSeverity.Low, outcome.Assessment().Severity);
        Assert.Equal([Interakt.Key], outcome.Assessment().Workflows.Single().CoveredBy);
        Assert.Empty(outcome.Assessment().WorkflowsThatStop);
        Assert.IsType<ImpactDetails>(outcome.Details);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R10_Replace_StaleAcknowledgement_IsRefusedAndStoreUnchanged()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Wati);
        var store = fixture.Store;
        Assert.True(store.TryAssessImpact(BuiltInProviders.Wati.Key, out var assessment));
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);
        var before = StoreState.Of(store);

        var outcome = store.Replace(BuiltInProviders.Wati.Key, Interakt, Valid(Interakt), assessment.Acknowledge(), Merchant);

        Assert.Equal(OutcomeStatus.AcknowledgementStale, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R10_Replace_ReplacementSetupInvalid_IsRefusedAndOldAppKept()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var validation = BuiltInProviders.GoogleAnalytics.CheckFields(ProviderSetup.Empty.With("measurement-id", ""));
        var before = StoreState.Of(store);

        var outcome = store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, validation, Merchant);

        Assert.Equal(OutcomeStatus.SetupInvalid, outcome.Status);
        Assert.Equal("measurement-id", Assert.Single(outcome.SetupErrors()).Field);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R10_Replace_WithAProviderAlreadyConnected_IsRefusedAndNothingMoves()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel, BuiltInProviders.GoogleAnalytics);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        Assert.Equal(OutcomeStatus.AlreadyConnected, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R10_Replace_AppWithoutSelfServiceDisconnect_IsNotSupported()
    {
        var managed = new ProviderDescriptor(
            new ProviderKey("managed-pixel"), "Managed pixel", ProviderCategory.Advertising, [CommerceWorkflow.MarketingAndPerformanceData], [], supportsSelfServiceDisconnect: false, ProviderAvailability.Available);
        var fixture = new StoreFixture(TestPlans.Starter).With(managed);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Replace(managed.Key, BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal(OutcomeStatus.NotSupported, outcome.Status);
        Assert.Equal(store.Policy.Support, outcome.Support());
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R10_Replace_AppNotConnected_AnswersNotConnected()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Replace(BuiltInProviders.Wati.Key, Interakt, Valid(Interakt), Merchant);

        Assert.Equal(OutcomeStatus.NotConnected, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void R16_Replace_IntoUnavailableProvider_IsRefusedAtTheLimit(ProviderAvailability availability)
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics.WithAvailability(availability), Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        Assert.Equal(OutcomeStatus.ProviderUnavailable, outcome.Status);
        Assert.Equal(availability, outcome.Availability());
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R16_Replace_AppWhoseProviderRetiredSince_CanBeReplacedByAnAvailableOne()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var retiredKey = BuiltInProviders.MetaPixel.WithAvailability(ProviderAvailability.Retired).Key;

        var tiktok = StoreFixture.Provider("tiktok-pixel", ProviderCategory.Advertising, CommerceWorkflow.MarketingAndPerformanceData);
        var outcome = store.Replace(retiredKey, tiktok, Valid(tiktok), Merchant);

        Assert.Equal(OutcomeStatus.Replaced, outcome.Status);
        Assert.Equal("tiktok-pixel", Assert.Single(store.GetApps()).Key.Value);
    }
}
