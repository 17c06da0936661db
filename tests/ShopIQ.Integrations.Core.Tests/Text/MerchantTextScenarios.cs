using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Text;

/// <summary>
/// Real outcomes, made the way merchants meet them: a store walked through every store status, and a service through
/// the ones only a service answers. Each has a label saying what was done.
/// </summary>
internal static class MerchantTextScenarios
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    /// <summary>A provider merchants cannot disconnect themselves.</summary>
    private static readonly ProviderDescriptor Tally = new(
        new ProviderKey("tally"), "Tally", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], supportsSelfServiceDisconnect: false, ProviderAvailability.Available);

    public static IReadOnlyList<(string Label, StoreOutcome Outcome)> StoreOutcomes()
    {
        var outcomes = new List<(string, StoreOutcome)>();
        StoreOutcome Add(string label, StoreOutcome outcome)
        {
            outcomes.Add((label, outcome));
            return outcome;
        }

        var clock = new NodaTime.Testing.FakeClock(StoreFixture.Start);
        Add("Open a store on Free", Store.Open(new StoreId("store-free"), TestPlans.Free.Id, TestPlans.Policy, clock, Merchant, out var free));
        Add("Connect Razorpay on Free", free!.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant));

        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        Add("Connect Razorpay without its key secret", store.Connect(
            BuiltInProviders.Razorpay, BuiltInProviders.Razorpay.CheckFields(ProviderSetup.Empty.With("key-id", "rzp_test_1DP5mmOlF5G5ag")), Merchant));
        var aiChat = new ProviderDescriptor(
            NativeFeatures.KeyOf(NativeFeature.AiChat), "AI Chat", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], supportsSelfServiceDisconnect: true, ProviderAvailability.Available);
        Add("Connect AI Chat", store.Connect(aiChat, Valid(aiChat), Merchant));
        var retired = BuiltInProviders.AmazonSellerCentral.WithAvailability(ProviderAvailability.Retired);
        Add("Connect a retired Amazon Seller Central", store.Connect(retired, Valid(retired), Merchant));
        Add("Connect Razorpay", store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant));
        Assert.True(store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var razorpayAlone));
        Add("Connect Shiprocket", store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant));
        Add("Connect Meta Pixel", store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant));
        Add("Connect Razorpay again", store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant));

        fixture.Clock.AdvanceDays(40);
        Add("Record activity through Razorpay", store.RecordActivity(BuiltInProviders.Razorpay.Key, Merchant));
        store.RecordActivity(BuiltInProviders.Shiprocket.Key, Merchant);
        Add("Connect Google Analytics on a full Starter store", store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant));
        Add("Replace Meta Pixel with Google Analytics", Acknowledged(
            store, BuiltInProviders.MetaPixel.Key, ack => store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), ack, Merchant)));
        Add("Disconnect Razorpay with an acknowledgement made before the other apps came", store.Disconnect(BuiltInProviders.Razorpay.Key, razorpayAlone.Acknowledge(), Merchant));
        Add("Disconnect Razorpay without acknowledging", store.Disconnect(BuiltInProviders.Razorpay.Key, Merchant));
        Add("Disconnect Razorpay, acknowledged", Acknowledged(store, BuiltInProviders.Razorpay.Key, ack => store.Disconnect(BuiltInProviders.Razorpay.Key, ack, Merchant)));
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);
        Add("Disconnect Google Analytics while Meta Pixel tracks traffic too", Acknowledged(
            store, BuiltInProviders.GoogleAnalytics.Key, ack => store.Disconnect(BuiltInProviders.GoogleAnalytics.Key, ack, Merchant)));

        Add("Change to Free with two apps", store.ChangePlan(TestPlans.Free.Id, Merchant));
        store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);
        Add("Change to a plan the catalog does not have", store.ChangePlan(new PlanId("platinum"), Merchant));
        Add("Change to Growth", store.ChangePlan(TestPlans.Growth.Id, Merchant));
        Add("Catalog edit: Growth raised to 8", store.ApplyCatalog(Edited(TestPlans.Growth, SlotAllowance.Of(8)), Merchant));
        Add("Catalog edit: Growth lowered to 4", store.ApplyCatalog(Edited(TestPlans.Growth, SlotAllowance.Of(4)), Merchant));

        Add("Begin connecting WATI", store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant));
        Add("Record activity through WATI while it is pending", store.RecordActivity(BuiltInProviders.Wati.Key, Merchant));
        Add("Complete WATI's setup", store.CompleteConnect(BuiltInProviders.Wati.Key, Merchant));
        Add("Complete WATI's setup again", store.CompleteConnect(BuiltInProviders.Wati.Key, Merchant));
        Add("Mark Shiprocket as needing attention", store.MarkNeedsAttention(BuiltInProviders.Shiprocket.Key, AttentionReason.CredentialsExpired, Merchant));
        Add("Reconnect Shiprocket", store.Reconnect(BuiltInProviders.Shiprocket.Key, Valid(BuiltInProviders.Shiprocket), Merchant));
        store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);
        Add("Release Razorpay's pending setup", store.FailConnect(BuiltInProviders.Razorpay.Key, Merchant));
        store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);
        fixture.Clock.Advance(Duration.FromHours(2));
        Add("Complete Razorpay's setup two hours later", store.CompleteConnect(BuiltInProviders.Razorpay.Key, Merchant));
        Add("Disconnect Razorpay, which is not connected", store.Disconnect(BuiltInProviders.Razorpay.Key, Merchant));
        store.Connect(Tally, Valid(Tally), Merchant);
        Add("Disconnect Tally, which merchants cannot disconnect", store.Disconnect(Tally.Key, Merchant));
        Add("Use 50 AI credits", store.UseAiCredits(50, AiUsePurpose.Summarize, Merchant));
        Add("Use 100000 AI credits", store.UseAiCredits(100_000, AiUsePurpose.Generate, Merchant));
        return outcomes;
    }

    public static async Task<IReadOnlyList<(string Label, ConnectedAppsResult Result)>> ServiceResultsAsync()
    {
        var refusing = FakeAdapter.Payments("fake-pay").Refusing("the account is suspended");
        var throwing = FakeAdapter.Advertising("fake-ads").ThrowingWithSecret();
        using var fixture = new ServiceFixture([refusing, throwing], _ => { });
        var service = fixture.Service;
        var results = new List<(string, ConnectedAppsResult)>();
        var store = ServiceFixture.StoreId;

        results.Add(("Open a store on Starter", await service.OpenStoreAsync(new OpenStoreCommand(store, TestPlans.Starter.Id, Merchant, IdempotencyKey.New()), CancellationToken.None)));
        results.Add(("Open the same store again", await service.OpenStoreAsync(new OpenStoreCommand(store, TestPlans.Starter.Id, Merchant, IdempotencyKey.New()), CancellationToken.None)));
        var key = IdempotencyKey.New();
        var connect = new ConnectAppCommand(store, BuiltInProviders.Razorpay.Key, BuiltInSetups.Razorpay, Merchant, key);
        results.Add(("Connect Razorpay", await service.ConnectAsync(connect, CancellationToken.None)));
        results.Add(("Connect Razorpay again with the same idempotency key", await service.ConnectAsync(connect, CancellationToken.None)));
        results.Add(("Disconnect Shiprocket with that idempotency key", await service.DisconnectAsync(new DisconnectAppCommand(store, BuiltInProviders.Shiprocket.Key, Merchant, key), CancellationToken.None)));
        results.Add(("Connect Razorpay to a store that does not exist", await service.ConnectAsync(
            new ConnectAppCommand(new StoreId("store-404"), BuiltInProviders.Razorpay.Key, BuiltInSetups.Razorpay, Merchant, IdempotencyKey.New()), CancellationToken.None)));
        results.Add(("Connect a provider with no adapter", await fixture.ConnectAsync(new ProviderKey("acme-pay"), BuiltInSetups.Razorpay)));
        results.Add(("Connect a provider that refuses", await fixture.ConnectAsync(refusing.Key, FakeAdapter.ValidSetup)));
        results.Add(("Connect a provider whose adapter fails", await fixture.ConnectAsync(throwing.Key, FakeAdapter.ValidSetup)));
        results.Add(("Check Razorpay's health", await service.CheckHealthAsync(new CheckHealthCommand(store, BuiltInProviders.Razorpay.Key, Merchant, IdempotencyKey.New()), CancellationToken.None)));
        return results;
    }

    private static SetupValidation Valid(ProviderDescriptor provider) => SetupValidation.ValidFor(provider.Key);

    private static StoreOutcome Acknowledged(Store store, ProviderKey provider, Func<Core.ImpactAcknowledgement, StoreOutcome> act)
    {
        Assert.True(store.TryAssessImpact(provider, out var assessment));
        return act(assessment.Acknowledge());
    }

    private static PlanCatalog Edited(Plan plan, SlotAllowance allowance) =>
        new(TestPlans.Catalog.Plans.Select(p => p.Id == plan.Id ? p.WithConnectedApps(allowance) : p));
}
