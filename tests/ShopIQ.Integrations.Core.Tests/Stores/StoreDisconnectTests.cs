using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Disconnecting apps: the slot is free at once (R7), critical categories need an acknowledged impact (R8).</summary>
public sealed class StoreDisconnectTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    public static TheoryData<string> CriticalByDefault => new() { "razorpay", "shiprocket", "wati", "google-analytics" };

    [Fact]
    public void R7_Disconnect_AppAtTheLimit_FreesTheSlotForTheVeryNextConnect()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Razorpay);
        var store = fixture.Store;
        fixture.Clock.AdvanceMinutes(10);
        var at = fixture.Clock.GetCurrentInstant();

        var disconnect = store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant);
        var slotsAfterDisconnect = store.SlotsInUse;
        var connect = store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);

        Assert.Equal(OutcomeStatus.Disconnected, disconnect.Status);
        Assert.Equal(2, slotsAfterDisconnect);
        Assert.Equal(OutcomeStatus.Connected, connect.Status);
        Assert.Equal(3, store.SlotsInUse);
        Assert.DoesNotContain(store.GetApps(), a => a.Key == BuiltInProviders.MetaPixel.Key);
        var disconnected = store.Ledger.Entries[^2];
        var connected = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Disconnected, disconnected.Kind);
        Assert.Equal(BuiltInProviders.MetaPixel.Key, disconnected.Provider);
        Assert.Equal(2, disconnected.SlotsInUse);
        Assert.Equal(at, disconnected.At);
        Assert.Equal(SlotEntryKind.Connected, connected.Kind);
        Assert.Equal(at, connected.At);
    }

    [Fact]
    public void R7_Disconnect_CriticalAppWithAcknowledgement_FreesTheSlotAtOnce()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;

        var outcome = store.Disconnect(BuiltInProviders.Razorpay.Key, Acknowledge(store, BuiltInProviders.Razorpay.Key), Merchant);

        Assert.Equal(OutcomeStatus.Disconnected, outcome.Status);
        Assert.Equal(2, store.SlotsInUse);
        Assert.NotNull(outcome.Assessment());
        Assert.Equal(ImpactSeverity.Critical, outcome.Assessment().Severity);
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant).Status);
    }

    [Fact]
    public void R8_Disconnect_AcknowledgedBeforeAnUnrelatedReservationExpired_IsStillAccepted()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        fixture.Clock.Advance(Duration.FromMinutes(30));
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        // The WATI reservation is due: the disconnect expires it first, which changes nothing the merchant saw.
        var outcome = store.Disconnect(BuiltInProviders.Razorpay.Key, assessment.Acknowledge(), Merchant);

        Assert.Equal(OutcomeStatus.Disconnected, outcome.Status);
        Assert.Equal([SlotEntryKind.Expired, SlotEntryKind.Disconnected], store.Ledger.Entries.TakeLast(2).Select(e => e.Kind));
        Assert.Equal(0, store.SlotsInUse);
    }

    [Fact]
    public void R7_Disconnect_ProviderWithoutSelfServiceDisconnect_IsNotSupportedWithTheSupportRoute()
    {
        var managed = ManagedMarketplace();
        var fixture = new StoreFixture(TestPlans.Starter).With(managed);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Disconnect(managed.Key, Merchant);

        Assert.Equal(OutcomeStatus.NotSupported, outcome.Status);
        Assert.Equal(store.Policy.Support, outcome.Support());
        Assert.Contains(store.Policy.Support.Support, outcome.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.SlotsInUse);
        Assert.Equal(before, StoreState.Of(store));
        Assert.Empty(store.TakeEvents());
    }

    [Fact]
    public void R7_Disconnect_NotSupported_UsesTheConfiguredSupportRoute()
    {
        var route = new SupportRoute("support@shopiq.example", "partners@shopiq.example");
        var managed = ManagedMarketplace();
        var fixture = new StoreFixture(TestPlans.Starter, new ConnectedAppsPolicy(TestPlans.Catalog) { Support = route }).With(managed);

        var outcome = fixture.Store.Disconnect(managed.Key, Merchant);

        Assert.Equal(OutcomeStatus.NotSupported, outcome.Status);
        Assert.Equal(route, outcome.Support());
    }

    [Fact]
    public void R7_Disconnect_NotConnected_AnswersNotConnectedAndChangesNothing()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Disconnect(BuiltInProviders.Wati.Key, Merchant);

        Assert.Equal(OutcomeStatus.NotConnected, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Theory]
    [MemberData(nameof(CriticalByDefault))]
    public void R8_Disconnect_CriticalCategoryWithoutAcknowledgement_RequiresItAndKeepsTheSlot(string key)
    {
        var provider = BuiltInProviders.All.Single(p => p.Key.Value == key);
        var fixture = new StoreFixture(TestPlans.Starter).With(provider);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Disconnect(provider.Key, Merchant);

        Assert.Equal(OutcomeStatus.AcknowledgementRequired, outcome.Status);
        Assert.NotNull(outcome.Assessment());
        Assert.Equal(provider.Key, outcome.Assessment().App.Key);
        Assert.True(outcome.Assessment().RequiresAcknowledgement);
        Assert.Equal(store.AppsVersion, outcome.Assessment().AppsVersion);
        Assert.Equal(1, store.SlotsInUse);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R8_Disconnect_AdvertisingAndMarketplaceApps_NeedNoAcknowledgementByDefault()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral);
        var store = fixture.Store;

        var pixel = store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant);
        var amazon = store.Disconnect(BuiltInProviders.AmazonSellerCentral.Key, Merchant);

        Assert.Equal(OutcomeStatus.Disconnected, pixel.Status);
        Assert.Equal(OutcomeStatus.Disconnected, amazon.Status);
        Assert.Equal(0, store.SlotsInUse);
    }

    [Fact]
    public void R8_Disconnect_AcknowledgementMadeBeforeAppsChanged_IsStaleAndStoreUnchanged()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        var acknowledgement = Acknowledge(store, BuiltInProviders.Razorpay.Key);
        store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);
        var before = StoreState.Of(store);

        var outcome = store.Disconnect(BuiltInProviders.Razorpay.Key, acknowledgement, Merchant);

        Assert.Equal(OutcomeStatus.AcknowledgementStale, outcome.Status);
        Assert.NotNull(outcome.Assessment());
        Assert.Equal(store.AppsVersion, outcome.Assessment().AppsVersion);
        Assert.NotEqual(acknowledgement.AppsVersion, outcome.Assessment().AppsVersion);
        Assert.Equal(2, store.SlotsInUse);
        Assert.Equal(before, StoreState.Of(store));

        var again = store.Disconnect(BuiltInProviders.Razorpay.Key, outcome.Assessment().Acknowledge(), Merchant);

        Assert.Equal(OutcomeStatus.Disconnected, again.Status);
        Assert.Equal(1, store.SlotsInUse);
    }

    [Fact]
    public void R8_Disconnect_AcknowledgementThenOtherAppNeedsAttention_IsStale()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Wati);
        var store = fixture.Store;
        var acknowledgement = Acknowledge(store, BuiltInProviders.Razorpay.Key);
        store.MarkNeedsAttention(BuiltInProviders.Wati.Key, AttentionReason.CredentialsRevoked, Merchant);

        var outcome = store.Disconnect(BuiltInProviders.Razorpay.Key, acknowledgement, Merchant);

        Assert.Equal(OutcomeStatus.AcknowledgementStale, outcome.Status);
        Assert.Equal(2, store.SlotsInUse);
    }

    [Fact]
    public void R8_Disconnect_AcknowledgementThenOnlyActivityRecorded_IsStillValid()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        var acknowledgement = Acknowledge(store, BuiltInProviders.Razorpay.Key);
        fixture.Clock.AdvanceMinutes(1);
        store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant);

        var outcome = store.Disconnect(BuiltInProviders.Razorpay.Key, acknowledgement, Merchant);

        Assert.Equal(OutcomeStatus.Disconnected, outcome.Status);
        Assert.Equal(0, store.SlotsInUse);
    }

    [Fact]
    public void R8_Disconnect_CriticalCategoriesConfigured_FollowsThePolicyNotTheDefault()
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog) { CriticalCategories = new HashSet<ProviderCategory> { ProviderCategory.Advertising } };
        var fixture = new StoreFixture(TestPlans.Starter, policy).With(BuiltInProviders.MetaPixel, BuiltInProviders.Razorpay);
        var store = fixture.Store;

        var pixel = store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant);
        var razorpay = store.Disconnect(BuiltInProviders.Razorpay.Key, Merchant);

        Assert.Equal(OutcomeStatus.AcknowledgementRequired, pixel.Status);
        Assert.Equal(OutcomeStatus.Disconnected, razorpay.Status);
        var app = Assert.Single(store.GetApps());
        Assert.Equal(BuiltInProviders.MetaPixel.Key, app.Key);
    }

    [Fact]
    public void R8_Disconnect_PendingCriticalApp_NeedsNoAcknowledgementAsNothingStops()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);

        var outcome = store.Disconnect(BuiltInProviders.Razorpay.Key, Merchant);

        Assert.Equal(OutcomeStatus.Disconnected, outcome.Status);
        Assert.NotNull(outcome.Assessment());
        Assert.Equal(ImpactSeverity.None, outcome.Assessment().Severity);
        Assert.Equal(0, store.SlotsInUse);
    }

    private static ImpactAcknowledgement Acknowledge(Store store, ProviderKey key)
    {
        Assert.True(store.TryAssessImpact(key, out var assessment));
        return assessment.Acknowledge();
    }

    private static ProviderDescriptor ManagedMarketplace() => new(
        new ProviderKey("flipkart-managed"),
        "Flipkart (managed)",
        ProviderCategory.Marketplace,
        [CommerceWorkflow.MarketplaceCommerceData],
        [],
        supportsSelfServiceDisconnect: false,
        ProviderAvailability.Available);
}
