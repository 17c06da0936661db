using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Connected apps never consume AI credits; only AI use does (R14).</summary>
public sealed class StoreAiCreditTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public void R14_Open_GrantsThePlansAiCredits()
    {
        var fixture = new StoreFixture(TestPlans.Growth);

        Assert.Equal(TestPlans.Growth.AiCredits, fixture.Store.AiCreditBalance);
        Assert.Equal(TestPlans.Growth.AiCredits, fixture.Store.Ledger.Entries[0].AiCreditBalance);
    }

    [Fact]
    public void R14_EverySlotOperation_LeavesTheAiCreditBalanceAlone()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;
        var credits = store.AiCreditBalance;
        var steps = new List<(string Step, StoreOutcome Outcome, int Balance)>();
        void Record(string step, StoreOutcome outcome) => steps.Add((step, outcome, store.AiCreditBalance));

        Record("connect", store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant));
        Record("connect", store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant));
        Record("begin", store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant));
        Record("complete", store.CompleteConnect(BuiltInProviders.Shiprocket.Key, Merchant));
        Record("begin", store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant));
        Record("fail", store.FailConnect(BuiltInProviders.Wati.Key, Merchant));
        fixture.Clock.AdvanceDays(1);
        Record("activity", store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant));
        Record("attention", store.MarkNeedsAttention(BuiltInProviders.Shiprocket.Key, AttentionReason.CredentialsExpired, Merchant));
        Record("reconnect", store.Reconnect(BuiltInProviders.Shiprocket.Key, Valid(BuiltInProviders.Shiprocket), Merchant));
        Record("replace", store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant));
        Record("disconnect", store.Disconnect(BuiltInProviders.Razorpay.Key, Acknowledge(store, BuiltInProviders.Razorpay.Key), Merchant));
        Record("upgrade", store.ChangePlan(TestPlans.Pro.Id, Merchant));
        Record("downgrade", store.ChangePlan(TestPlans.Starter.Id, Merchant));
        Record("catalog", store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(4))), Actor.System));
        Record("begin", store.BeginConnect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant));
        fixture.Clock.AdvanceHours(1);
        Assert.Single(store.ExpireReservations());
        Record("disconnect-after-expiry", store.Disconnect(BuiltInProviders.AmazonSellerCentral.Key, Merchant));

        Assert.All(steps, s => Assert.True(s.Outcome.IsSuccess, $"{s.Step}: {s.Outcome}"));
        Assert.All(steps, s => Assert.Equal(credits, s.Balance));
        Assert.Equal(credits, store.AiCreditBalance);
        Assert.All(store.Ledger.Entries, e => Assert.Equal(credits, e.AiCreditBalance));
        Assert.DoesNotContain(store.Ledger.Entries, e => e.Kind == SlotEntryKind.AiCreditsUsed);
    }

    [Fact]
    public void R14_ChangePlan_ToPlanWithMoreCredits_DoesNotChangeTheBalance()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;

        store.ChangePlan(TestPlans.Pro.Id, Merchant);

        Assert.Equal(TestPlans.Pro.Id, store.PlanId);
        Assert.Equal(TestPlans.Starter.AiCredits, store.AiCreditBalance);
    }

    [Fact]
    public void R14_UseAiCredits_OverDataAConnectedAppSupplied_DeductsAndRecordsInTheLedger()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.GoogleAnalytics);
        var store = fixture.Store;
        fixture.Clock.AdvanceHours(4);

        var outcome = store.UseAiCredits(20, AiUsePurpose.Summarize, Merchant);

        Assert.Equal(OutcomeStatus.AiCreditsUsed, outcome.Status);
        Assert.Equal(480, store.AiCreditBalance);
        Assert.Equal(1, store.SlotsInUse);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.AiCreditsUsed, entry.Kind);
        Assert.Equal(480, entry.AiCreditBalance);
        Assert.Equal(1, entry.SlotsInUse);
        Assert.Equal(fixture.Clock.GetCurrentInstant(), entry.At);
    }

    [Fact]
    public void R14_UseAiCredits_ExactlyTheBalance_LeavesZero()
    {
        var fixture = new StoreFixture(TestPlans.Free);
        var store = fixture.Store;

        var outcome = store.UseAiCredits(TestPlans.Free.AiCredits, AiUsePurpose.Generate, Merchant);

        Assert.Equal(OutcomeStatus.AiCreditsUsed, outcome.Status);
        Assert.Equal(0, store.AiCreditBalance);
    }

    [Fact]
    public void R14_UseAiCredits_MoreThanTheBalance_IsRefusedAndNothingChanges()
    {
        var fixture = new StoreFixture(TestPlans.Free);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.UseAiCredits(TestPlans.Free.AiCredits + 1, AiUsePurpose.Analyze, Merchant);

        Assert.Equal(OutcomeStatus.InsufficientAiCredits, outcome.Status);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(TestPlans.Free.AiCredits, store.AiCreditBalance);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R14_UseAiCredits_DoesNotChangeAppsOrTheAppsVersion()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));
        var appsVersion = store.AppsVersion;

        store.UseAiCredits(5, AiUsePurpose.Create, Merchant);

        Assert.Equal(appsVersion, store.AppsVersion);
        Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(BuiltInProviders.Razorpay.Key, assessment.Acknowledge(), Merchant).Status);
        Assert.Equal(TestPlans.Starter.AiCredits - 5, store.AiCreditBalance);
    }

    private static ImpactAcknowledgement Acknowledge(Store store, ProviderKey key)
    {
        Assert.True(store.TryAssessImpact(key, out var assessment));
        return assessment.Acknowledge();
    }
}
