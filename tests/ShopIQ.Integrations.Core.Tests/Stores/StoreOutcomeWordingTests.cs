using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// Every outcome tells the merchant, in words, what happened and what the numbers are: the plan and its slots (R1, R12,
/// R13), what a refused connect needs and the ways out (R2, R5), an app kept in its slot (R4, R17), activity and AI
/// credits (R11, R14); one app, one slot, one day and one hour read in the singular.
/// </summary>
public sealed class StoreOutcomeWordingTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly Plan Solo = new(new PlanId("solo"), "Solo", 7, SlotAllowance.Of(1), 50);

    [Fact]
    public void R1_Open_SaysThePlanAndItsSlots()
    {
        var outcome = Store.Open(new StoreId("store-9"), TestPlans.Starter.Id, TestPlans.Policy, new FakeClock(StoreFixture.Start), Merchant, out var store);

        Assert.NotNull(store);
        Assert.Equal("The store 'store-9' is open on Starter with 3 connected-app slots.", outcome.Message);
        Assert.Equal("Store store-9 on starter: 0/3 slots, version 1", store.ToString());
    }

    [Fact]
    public void R12_ChangePlan_SaysTheNewPlanAndTheSlotsInUse()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay).Store;

        var outcome = store.ChangePlan(TestPlans.Growth.Id, Merchant);

        Assert.Equal(OutcomeStatus.PlanChanged, outcome.Status);
        Assert.Equal("The store is on Growth: 1 of 5 slots in use.", outcome.Message);
    }

    [Fact]
    public void R12_DowngradeToOneSlot_SaysOneAppInTheSingular()
    {
        var store = new StoreFixture(TestPlans.Starter, PolicyWithSolo()).With(BuiltInProviders.Razorpay, BuiltInProviders.MetaPixel).Store;

        var outcome = store.ChangePlan(Solo.Id, Merchant);

        Assert.Equal(OutcomeStatus.DowngradeNeedsDisconnects, outcome.Status);
        Assert.Equal("Solo allows 1 connected app and 2 would remain: 1 more app must be disconnected first.", outcome.Message);
    }

    [Fact]
    public void R12_DowngradeToNoSlots_SaysAppsInThePlural()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.MetaPixel).Store;

        var outcome = store.ChangePlan(TestPlans.Free.Id, Merchant);

        Assert.Equal("Free allows 0 connected apps and 2 would remain: 2 more apps must be disconnected first.", outcome.Message);
    }

    [Fact]
    public void R13_CatalogEdits_SayWhatTheStoreKeepsOrGets()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        var lowered = new Plan(TestPlans.Starter.Id, "Starter", 1, SlotAllowance.Of(2), 100);
        var raised = new Plan(TestPlans.Starter.Id, "Starter", 1, SlotAllowance.Of(4), 100);

        var kept = store.ApplyCatalog(new PlanCatalog([TestPlans.Free, lowered]), Merchant);
        var gone = store.ApplyCatalog(new PlanCatalog([TestPlans.Free]), Merchant);
        var granted = store.ApplyCatalog(new PlanCatalog([TestPlans.Free, raised]), Merchant);

        Assert.Equal("The store keeps its granted allowance of 3 until its next plan change; Starter now offers 2.", kept.Message);
        Assert.Equal("The catalog no longer lists plan 'starter'; the store keeps its allowance of 3 until its next plan change.", gone.Message);
        Assert.Equal(OutcomeStatus.AllowanceRaised, granted.Status);
        Assert.Equal("Starter now allows 4 connected apps, and so does the store.", granted.Message);
    }

    [Fact]
    public void R2_LimitReached_SaysWhatIsInUse_OrThatThePlanHasNoSlots()
    {
        var full = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.MetaPixel, BuiltInProviders.Shiprocket).Store;
        var free = new StoreFixture(TestPlans.Free).Store;

        var atLimit = full.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);
        var none = free.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        Assert.Equal("Google Analytics needs a slot, and all 3 of 3 are in use.", atLimit.Message);
        Assert.Equal(OutcomeStatus.LimitReached, none.Status);
        Assert.Equal("Google Analytics needs a slot, and the plan includes no connected apps.", none.Message);
    }

    [Fact]
    public void R5_LimitGuidance_NamesTheAppsToFreeThePlansWithRoomAndSupport()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Shiprocket);
        fixture.Clock.AdvanceMinutes(1);
        fixture.With(BuiltInProviders.Razorpay);
        fixture.Clock.AdvanceMinutes(1);
        fixture.With(BuiltInProviders.MetaPixel);
        fixture.Clock.Advance(fixture.Store.Policy.UnusedAppWindow);

        var outcome = fixture.Store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        var guidance = Assert.IsType<LimitGuidance>(outcome.Details);
        var texts = guidance.Options.Select(o => o.Description).ToArray();
        string[] expected =
            [
                $"Disconnect an unused app (no activity for {fixture.Store.Policy.UnusedAppWindow.Days} days): Shiprocket, Razorpay, Meta Pixel.",
                "Replace an existing app with Google Analytics: Shiprocket, Razorpay, Meta Pixel.",
                "Upgrade to a plan with room: Growth (5 apps), Pro (10 apps), Enterprise (unlimited apps).",
                $"Contact {fixture.Store.Policy.Support}.",
            ];
        Assert.Equal(expected.Length, texts.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], texts[i]);
        }
    }

    [Fact]
    public void R11_Activity_IsRecordedOncePerResolution_AndSaysSo()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        fixture.Clock.AdvanceMinutes(1);

        var first = fixture.Store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant);
        var recordedAt = fixture.Store.GetApps()[0].LastActivityAt;
        fixture.Clock.AdvanceMinutes(1);
        var second = fixture.Store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant);

        Assert.Equal("Activity through Razorpay recorded.", first.Message);
        Assert.Equal($"Activity through Razorpay is on record at {recordedAt}; activity is recorded once every 1 day.", second.Message);
    }

    [Theory]
    [InlineData(60, "1 hour")]
    [InlineData(180, "3 hours")]
    [InlineData(90, "1 hour")]
    [InlineData(1, "1 minute")]
    [InlineData(45, "45 minutes")]
    [InlineData(2 * 24 * 60, "2 days")]
    public void R11_ActivityResolution_ReadsInWholeDaysHoursOrMinutes(int minutes, string reads)
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog) { ActivityResolution = Duration.FromMinutes(minutes) };
        var fixture = new StoreFixture(TestPlans.Starter, policy).With(BuiltInProviders.Razorpay);
        fixture.Clock.AdvanceMinutes(1);
        Assert.True(fixture.Store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant).IsSuccess);

        var again = fixture.Store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant);

        Assert.EndsWith($"; activity is recorded once every {reads}.", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R17_AttentionAndReconnect_SayTheAppKeepsItsSlot()
    {
        var store = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay).Store;

        var marked = store.MarkNeedsAttention(BuiltInProviders.Razorpay.Key, AttentionReason.CredentialsRevoked, Merchant);
        var reconnected = store.Reconnect(BuiltInProviders.Razorpay.Key, Valid(BuiltInProviders.Razorpay), Merchant);

        Assert.Equal("Razorpay needs attention (CredentialsRevoked); it keeps its slot until it is reconnected or disconnected.", marked.Message);
        Assert.Equal("Razorpay has new credentials and is active, in the same slot.", reconnected.Message);
    }

    [Fact]
    public void R6_PendingApp_CannotBeActedOnBeforeItsSetupCompletes_AndTheMessageSaysWhatWasTried()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        Assert.True(store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).IsSuccess);
        var key = BuiltInProviders.Razorpay.Key;

        Assert.Equal("Razorpay is still pending; cannot record activity for it before its setup completes.", store.RecordActivity(key, Merchant).Message);
        Assert.Equal("Razorpay is still pending; cannot mark as needing attention it before its setup completes.", store.MarkNeedsAttention(key, AttentionReason.CredentialsRevoked, Merchant).Message);
        Assert.Equal("Razorpay is still pending; cannot reconnect it before its setup completes.", store.Reconnect(key, Valid(BuiltInProviders.Razorpay), Merchant).Message);
    }

    [Fact]
    public void R14_AiUse_SaysWhatWasUsedAndWhatIsLeft()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;

        var used = store.UseAiCredits(5, AiUsePurpose.Summarize, Merchant);
        var refused = store.UseAiCredits(500, AiUsePurpose.Create, Merchant);

        Assert.Equal("5 AI credits used to summarize; 95 left.", used.Message);
        Assert.Equal("500 AI credits are needed to create; 95 are left.", refused.Message);
    }

    [Fact]
    public void R6_CompletedAndFailedSetups_SayWhatHappenedToTheSlot()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;
        Assert.True(store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).IsSuccess);
        Assert.True(store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant).IsSuccess);

        var activated = store.CompleteConnect(BuiltInProviders.Razorpay.Key, Merchant);
        var released = store.FailConnect(BuiltInProviders.Shiprocket.Key, Merchant);

        Assert.Equal("Razorpay is connected and active.", activated.Message);
        Assert.StartsWith("The setup of Shiprocket was released; its slot is free", released.Message, StringComparison.Ordinal);
    }

    private static ConnectedAppsPolicy PolicyWithSolo() =>
        new(new PlanCatalog([TestPlans.Free, Solo, TestPlans.Starter, TestPlans.Growth]));
}
