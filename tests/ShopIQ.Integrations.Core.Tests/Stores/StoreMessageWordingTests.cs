using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// The English message of each refusal a store gives, word for word: a result's <c>Message</c> is what a developer
/// or an operator reads in a log or a support ticket, so it names the app, the store or the plan concerned and says
/// what to do next. The merchant's own wording is <c>MerchantText</c>'s (see the Text tests).
/// </summary>
public sealed class StoreMessageWordingTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public void Connect_NativeFeature_SaysItIsBuiltInAndUsesNoSlot()
    {
        var feature = NativeFeatures.All[0];
        var key = NativeFeatures.KeyOf(feature);
        var descriptor = StoreFixture.Provider(key.Value, ProviderCategory.Other);

        var outcome = new StoreFixture(TestPlans.Starter).Store.Connect(descriptor, Valid(descriptor), Merchant);

        Assert.Equal(OutcomeStatus.NativeFeature, outcome.Status);
        Assert.Equal($"{NativeFeatures.DisplayNameOf(feature)} is a native ShopIQ feature: it is always there and never uses a connected-app slot.", outcome.Message);
    }

    [Fact]
    public void Connect_AlreadyConnected_NamesTheAppAndItsState()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay).Store;

        var outcome = store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);

        Assert.Equal(OutcomeStatus.AlreadyConnected, outcome.Status);
        Assert.Equal("Razorpay is already connected (Active); no second slot is used.", outcome.Message);
    }

    [Fact]
    public void Disconnect_NotConnected_NamesTheKey()
    {
        var outcome = new StoreFixture(TestPlans.Starter).Store.Disconnect(BuiltInProviders.Razorpay.Key, Merchant);

        Assert.Equal(OutcomeStatus.NotConnected, outcome.Status);
        Assert.Equal("The store has no connected app 'razorpay'.", outcome.Message);
    }

    [Fact]
    public void Disconnect_WithoutSelfService_NamesTheAppAndTheSupportRoute()
    {
        var managed = new ProviderDescriptor(
            new ProviderKey("flipkart-managed"),
            "Flipkart (managed)",
            ProviderCategory.Marketplace,
            [CommerceWorkflow.MarketplaceCommerceData],
            [],
            supportsSelfServiceDisconnect: false,
            ProviderAvailability.Available);
        var store = new StoreFixture(TestPlans.Starter).With(managed).Store;

        var outcome = store.Disconnect(managed.Key, Merchant);

        Assert.Equal(OutcomeStatus.NotSupported, outcome.Status);
        Assert.Equal($"Flipkart (managed) cannot be disconnected here; contact {store.Policy.Support}.", outcome.Message);
    }

    [Fact]
    public void CompleteConnect_AfterTheReservationExpired_SaysToStartAgain()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        Assert.Equal(OutcomeStatus.Reserved, store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).Status);
        fixture.Clock.Advance(store.Policy.PendingReservationLifetime);

        var outcome = store.CompleteConnect(BuiltInProviders.Razorpay.Key, Merchant);

        Assert.Equal(OutcomeStatus.ReservationExpired, outcome.Status);
        Assert.Equal("The setup of 'razorpay' took too long: its reservation expired and its slot was freed. Start the setup again.", outcome.Message);
    }

    [Fact]
    public void CompleteConnect_OfAnEndedReservationWhoseAppConnectedAgain_NamesTheNewConnection()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var first = store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).App!.ConnectionId;
        Assert.Equal(OutcomeStatus.Released, store.FailConnect(BuiltInProviders.Razorpay.Key, first, Merchant).Status);
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).Status);
        Assert.True(store.TryGetApp(BuiltInProviders.Razorpay.Key, out var now));

        var outcome = store.CompleteConnect(BuiltInProviders.Razorpay.Key, first, Merchant);

        Assert.Equal(OutcomeStatus.ReservationExpired, outcome.Status);
        Assert.Equal(
            $"The reservation {first} of 'razorpay' no longer holds a slot: it expired or was released, and Razorpay is now connection {now.ConnectionId} (Active).",
            outcome.Message);
    }

    [Fact]
    public void ChangePlan_UnknownPlan_NamesThePlanAndTheKnownOnes()
    {
        var outcome = new StoreFixture(TestPlans.Starter).Store.ChangePlan(new PlanId("platinum"), Merchant);

        Assert.Equal(OutcomeStatus.UnknownPlan, outcome.Status);
        Assert.Equal(
            $"The catalog has no plan 'platinum'; known plans: {string.Join(", ", TestPlans.Catalog.Plans.Select(p => p.Id.Value))}.",
            outcome.Message);
    }

    [Fact]
    public void ChangePlan_TheSameAppAcknowledgedTwice_IsRefusedNamingIt()
    {
        var store = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay).Store;
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));
        var ack = assessment.Acknowledge();

        var error = Assert.Throws<ArgumentException>(() => store.ChangePlan(TestPlans.Free.Id, [BuiltInProviders.Razorpay.Key], [ack, ack], Merchant));

        Assert.Equal("acknowledgements", error.ParamName);
        Assert.StartsWith("'razorpay' is acknowledged more than once.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disconnect_AnAcknowledgementOfAnotherAppOrStore_IsRefusedNamingBoth()
    {
        var store = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket).Store;
        Assert.True(store.TryAssessImpact(BuiltInProviders.Shiprocket.Key, out var shiprocket));
        var other = TestStores.Open(new StoreId("store-2"), TestPlans.Growth.Id, TestPlans.Policy, new NodaTime.Testing.FakeClock(StoreFixture.Start), Merchant);
        Assert.Equal(OutcomeStatus.Connected, other.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).Status);
        Assert.True(other.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var elsewhere));

        var wrongApp = Assert.Throws<ArgumentException>(() => store.Disconnect(BuiltInProviders.Razorpay.Key, shiprocket.Acknowledge(), Merchant));
        var wrongStore = Assert.Throws<ArgumentException>(() => store.Disconnect(BuiltInProviders.Razorpay.Key, elsewhere.Acknowledge(), Merchant));

        Assert.Equal("acknowledgement", wrongApp.ParamName);
        Assert.StartsWith("The acknowledgement is for 'shiprocket', not 'razorpay'.", wrongApp.Message, StringComparison.Ordinal);
        Assert.Equal("acknowledgement", wrongStore.ParamName);
        Assert.StartsWith($"The acknowledgement is for store '{other.Id}', not '{store.Id}'.", wrongStore.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_TheSetupValidationOfAnotherProvider_IsRefusedNamingBoth()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;

        var error = Assert.Throws<ArgumentException>(() => store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Shiprocket), Merchant));

        Assert.Equal("setup", error.ParamName);
        Assert.StartsWith("The setup validation is for 'shiprocket', not 'razorpay'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disconnect_AfterTheImpactChanged_SaysToReviewTheNewAssessment()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var before));
        var ack = before.Acknowledge();
        fixture.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant).Status);

        var outcome = store.Disconnect(BuiltInProviders.Razorpay.Key, ack, Merchant);

        Assert.Equal(OutcomeStatus.AcknowledgementStale, outcome.Status);
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var now));
        Assert.Equal($"The impact of Razorpay changed since it was acknowledged: review this assessment again. {now}", outcome.Message);
    }
}
