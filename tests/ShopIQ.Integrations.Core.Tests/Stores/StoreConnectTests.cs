using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Connecting apps: one slot each (R1), never over the allowance (R3), idempotent (R4), setup first (R5), availability (R16).</summary>
public sealed class StoreConnectTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    public static TheoryData<string> ArticleProviders => new() { "razorpay", "shiprocket", "wati", "google-analytics", "meta-pixel" };

    public static TheoryData<ProviderAvailability> Unavailable => new()
    {
        ProviderAvailability.NotOffered, ProviderAvailability.Retired, ProviderAvailability.NotInRegion,
    };

    [Theory]
    [MemberData(nameof(ArticleProviders))]
    public void R1_Connect_ArticleProvider_OccupiesExactlyOneSlot(string key)
    {
        var provider = BuiltIn(key);
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;

        var outcome = store.Connect(provider, Valid(provider), Merchant);

        Assert.Equal(OutcomeStatus.Connected, outcome.Status);
        Assert.Equal(1, store.SlotsInUse);
        var app = Assert.Single(store.GetApps());
        Assert.Equal(provider.Key, app.Key);
        Assert.Equal(provider.Category, app.Category);
        Assert.Equal(ConnectionState.Active, app.State);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Connected, entry.Kind);
        Assert.Equal(provider.Key, entry.Provider);
        Assert.Equal(1, entry.SlotsInUse);
    }

    [Fact]
    public void R1_Connect_AllFiveArticleProviders_UseFiveSlotsAndFillGrowth()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;
        var used = new List<int>();

        foreach (var provider in new[] { BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati, BuiltInProviders.GoogleAnalytics, BuiltInProviders.MetaPixel })
        {
            Assert.Equal(OutcomeStatus.Connected, store.Connect(provider, Valid(provider), Merchant).Status);
            used.Add(store.SlotsInUse);
        }

        Assert.Equal([1, 2, 3, 4, 5], used);
        Assert.Equal([1, 2, 3, 4, 5], store.Ledger.Entries.Skip(1).Select(e => e.SlotsInUse));
        var sixth = store.Connect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);
        Assert.Equal(OutcomeStatus.LimitReached, sixth.Status);
        Assert.Equal(5, store.SlotsInUse);
    }

    [Fact]
    public void R3_Connect_AtTheLimit_IsRefusedAndSlotsStayAtAllowance()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        Assert.Equal(OutcomeStatus.LimitReached, outcome.Status);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(BuiltInProviders.GoogleAnalytics.Key, outcome.Provider);
        Assert.NotNull(outcome.Guidance());
        Assert.Equal(3, outcome.Guidance().SlotsInUse);
        Assert.Equal(SlotAllowance.Of(3), outcome.Guidance().Allowance);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(SlotAllowance.Of(3), store.Allowance);
        Assert.DoesNotContain(store.GetApps(), a => a.Key == BuiltInProviders.GoogleAnalytics.Key);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R3_Connect_PendingReservationsAtTheLimit_CountAsUsedAndRefuse()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        Assert.Equal(OutcomeStatus.Reserved, store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant).Status);
        Assert.Equal(OutcomeStatus.Reserved, store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant).Status);
        var before = StoreState.Of(store);

        var connect = store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);
        var reserve = store.BeginConnect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal(OutcomeStatus.LimitReached, connect.Status);
        Assert.Equal(OutcomeStatus.LimitReached, reserve.Status);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(2, store.GetApps().Count(a => a.State == ConnectionState.Pending));
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R3_Connect_OnFreePlan_IsRefusedWithNoSlotTaken()
    {
        var fixture = new StoreFixture(TestPlans.Free);
        var store = fixture.Store;

        var outcome = store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);

        Assert.Equal(OutcomeStatus.LimitReached, outcome.Status);
        Assert.Equal(0, store.SlotsInUse);
        Assert.Empty(store.GetApps());
        Assert.Single(store.Ledger.Entries);
    }

    [Fact]
    public void R3_Connect_OnUnlimitedPlan_NeverRefuses()
    {
        var fixture = new StoreFixture(TestPlans.Enterprise);
        var store = fixture.Store;

        for (var i = 1; i <= 40; i++)
        {
            var app = StoreFixture.Provider($"app-{i}", ProviderCategory.Other);
            var outcome = store.Connect(app, Valid(app), Merchant);
            Assert.Equal(OutcomeStatus.Connected, outcome.Status);
        }

        Assert.Equal(40, store.SlotsInUse);
        Assert.True(store.Allowance.IsUnlimited);
        Assert.True(store.Ledger.Verify().IsValid);
    }

    [Fact]
    public void R3_Ledger_AfterConnectsAndRefusals_NeverRecordsMoreSlotsThanTheAllowance()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;

        foreach (var provider in BuiltInProviders.All)
        {
            store.Connect(provider, Valid(provider), Merchant);
        }

        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(4, store.Ledger.Entries.Count);
        Assert.All(store.Ledger.Entries, e => Assert.True(e.Allowance.Covers(e.SlotsInUse), e.ToString()));
        Assert.True(store.Ledger.Verify().IsValid);
    }

    [Fact]
    public void R4_Connect_AlreadyConnected_TakesNoSecondSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        var connectedAt = store.GetApps()[0].ConnectedAt;
        fixture.Clock.AdvanceMinutes(5);
        var before = StoreState.Of(store);

        var outcome = store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);

        Assert.Equal(OutcomeStatus.AlreadyConnected, outcome.Status);
        Assert.True(outcome.IsSuccess);
        Assert.NotNull(outcome.App);
        Assert.Equal(connectedAt, outcome.App.ConnectedAt);
        Assert.Equal(1, store.SlotsInUse);
        Assert.Equal(before, StoreState.Of(store));
        Assert.Empty(store.TakeEvents());
    }

    [Fact]
    public void R4_Connect_AlreadyConnectedAtTheLimit_AnswersAlreadyConnectedNotLimitReached()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.Connect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);

        Assert.Equal(OutcomeStatus.AlreadyConnected, outcome.Status);
        Assert.Null(outcome.Details);
        Assert.Equal(before, StoreState.Of(store));
        Assert.DoesNotContain(store.TakeEvents(), e => e is ConnectRefusedAtLimit);
    }

    [Fact]
    public void R4_Connect_ProviderStillPending_AnswersAlreadyConnected()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);
        var before = StoreState.Of(store);

        var outcome = store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);

        Assert.Equal(OutcomeStatus.AlreadyConnected, outcome.Status);
        Assert.Equal(ConnectionState.Pending, outcome.App?.State);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R4_Reconnect_NewCredentialsAtTheLimit_TakesNoSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        var connectedAt = store.GetApps().Single(a => a.Key == BuiltInProviders.Razorpay.Key).ConnectedAt;
        var entries = store.Ledger.Entries.Count;
        fixture.Clock.AdvanceHours(2);

        var outcome = store.Reconnect(BuiltInProviders.Razorpay.Key, Valid(BuiltInProviders.Razorpay), Merchant);

        Assert.Equal(OutcomeStatus.Reconnected, outcome.Status);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(3, store.GetApps().Count);
        Assert.Equal(connectedAt, store.GetApps().Single(a => a.Key == BuiltInProviders.Razorpay.Key).ConnectedAt);
        Assert.Equal(entries + 1, store.Ledger.Entries.Count);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Reconnected, entry.Kind);
        Assert.Equal(3, entry.SlotsInUse);
    }

    [Fact]
    public void R5_Connect_InvalidSetup_IsRefusedWithAReasonPerFieldAndNoSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var setup = ProviderSetup.Empty
            .With("key-id", "   ")
            .With("webhook-secret", "whsec-pasted-in-plain-4711")
            .With("colour", "blue");
        var validation = BuiltInProviders.Razorpay.CheckFields(setup);
        var before = StoreState.Of(store);

        var outcome = store.Connect(BuiltInProviders.Razorpay, validation, Merchant);

        Assert.Equal(OutcomeStatus.SetupInvalid, outcome.Status);
        Assert.Equal(["key-id", "key-secret", "webhook-secret", "colour"], outcome.SetupErrors().Select(e => e.Field));
        Assert.Equal(validation.Errors, outcome.SetupErrors());
        Assert.DoesNotContain("whsec-pasted-in-plain-4711", outcome.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", outcome.Message, StringComparison.Ordinal);
        Assert.EndsWith("Razorpay has no setup field 'colour'. No slot was used.", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.SlotsInUse);
        Assert.Single(store.Ledger.Entries);
        Assert.Equal(before, StoreState.Of(store));
        Assert.Empty(store.TakeEvents());
    }

    [Fact]
    public void R5_Connect_InvalidSetupAtTheLimit_AnswersSetupInvalidBeforeAnySlotQuestion()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        var validation = BuiltInProviders.GoogleAnalytics.CheckFields(ProviderSetup.Empty);

        var outcome = store.Connect(BuiltInProviders.GoogleAnalytics, validation, Merchant);

        Assert.Equal(OutcomeStatus.SetupInvalid, outcome.Status);
        Assert.Equal("measurement-id", Assert.Single(outcome.SetupErrors()).Field);
        Assert.DoesNotContain(store.TakeEvents(), e => e is ConnectRefusedAtLimit);
    }

    [Fact]
    public void R5_BeginConnect_InvalidSetup_ReservesNothing()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var validation = BuiltInProviders.Wati.CheckFields(ProviderSetup.Empty.With("api-endpoint", "https://live-server-1.wati.io/1"));
        var before = StoreState.Of(store);

        var outcome = store.BeginConnect(BuiltInProviders.Wati, validation, Merchant);

        Assert.Equal(OutcomeStatus.SetupInvalid, outcome.Status);
        Assert.Equal("access-token", Assert.Single(outcome.SetupErrors()).Field);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R5_Connect_ValidSetupWithSecret_NeverShowsTheSecret()
    {
        const string secret = "rzpKeySecret93x7Q0123";
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var setup = ProviderSetup.Empty.With("key-id", "rzp_test_1DP5mmOlF5G5ag").WithSecret("key-secret", new SecretValue(secret));
        var validation = BuiltInProviders.Razorpay.CheckFields(setup);

        var outcome = store.Connect(BuiltInProviders.Razorpay, validation, Merchant);

        Assert.Equal(OutcomeStatus.Connected, outcome.Status);
        Assert.DoesNotContain(secret, setup.ToString(), StringComparison.Ordinal);
        Assert.Contains(SecretValue.Redacted, setup.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, outcome.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, StoreState.Of(store), StringComparison.Ordinal);
        Assert.All(store.TakeEvents(), e => Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rzp_live_123")]
    [InlineData("rzp_live_ILgsfZCZoFIKMb ")]
    [InlineData("key_live_ILgsfZCZoFIKMb")]
    public void R5_Connect_MalformedRazorpayKeyIdCheckedByTheDescriptor_IsRefusedWithoutTakingASlot(string keyId)
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var before = StoreState.Of(store);
        var setup = BuiltInSetups.Razorpay.With("key-id", keyId);

        var outcome = store.Connect(BuiltInProviders.Razorpay, BuiltInProviders.Razorpay.CheckFields(setup), Merchant);

        Assert.Equal(OutcomeStatus.SetupInvalid, outcome.Status);
        var error = Assert.Single(outcome.SetupErrors());
        Assert.Equal("key-id", error.Field);
        Assert.DoesNotContain(keyId.Trim(), outcome.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, StoreState.Of(store));
        Assert.Equal(0, store.SlotsInUse);
    }

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void R16_Connect_UnavailableProvider_IsRefusedWithItsAvailability(ProviderAvailability availability)
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var provider = BuiltInProviders.Shiprocket.WithAvailability(availability);
        var before = StoreState.Of(store);

        var connect = store.Connect(provider, Valid(provider), Merchant);
        var reserve = store.BeginConnect(provider, Valid(provider), Merchant);

        Assert.Equal(OutcomeStatus.ProviderUnavailable, connect.Status);
        Assert.Equal(availability, connect.Availability());
        Assert.Equal(OutcomeStatus.ProviderUnavailable, reserve.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R16_ExistingConnection_ProviderRetiredSince_KeepsWorkingAndItsSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var retired = BuiltInProviders.Razorpay.WithAvailability(ProviderAvailability.Retired);
        fixture.Clock.AdvanceDays(3);

        var again = store.Connect(retired, Valid(retired), Merchant);
        var activity = store.RecordActivity(retired.Key, Merchant);
        var reconnect = store.Reconnect(retired.Key, Valid(retired), Merchant);

        Assert.Equal(OutcomeStatus.AlreadyConnected, again.Status);
        Assert.Equal(OutcomeStatus.ActivityRecorded, activity.Status);
        Assert.Equal(OutcomeStatus.Reconnected, reconnect.Status);
        Assert.Equal(2, store.SlotsInUse);
        var app = store.GetApps().Single(a => a.Key == retired.Key);
        Assert.Equal(ConnectionState.Active, app.State);
        Assert.Equal(fixture.Clock.GetCurrentInstant(), app.LastActivityAt);
    }

    [Fact]
    public void R16_RetiredProvider_AfterDisconnect_CannotBeConnectedAgain()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var retired = BuiltInProviders.MetaPixel.WithAvailability(ProviderAvailability.Retired);
        Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(retired.Key, Merchant).Status);

        var outcome = store.Connect(retired, Valid(retired), Merchant);

        Assert.Equal(OutcomeStatus.ProviderUnavailable, outcome.Status);
        Assert.Equal(ProviderAvailability.Retired, outcome.Availability());
        Assert.Equal(0, store.SlotsInUse);
    }

    private static ProviderDescriptor BuiltIn(string key) => BuiltInProviders.All.Single(p => p.Key.Value == key);
}
