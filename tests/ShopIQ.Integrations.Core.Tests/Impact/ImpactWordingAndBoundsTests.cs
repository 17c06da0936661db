using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Impact;

/// <summary>
/// What an impact assessment says to a person (R9), what its acknowledgement holds for and where it stops holding (R8), and
/// how live facts and missing facts are told beside it (R19).
/// </summary>
public sealed class ImpactWordingAndBoundsTests
{
    private static readonly ProviderDescriptor Stripe = StoreFixture.Provider("stripe", ProviderCategory.Payments, CommerceWorkflow.PaymentProcessing);

    [Fact]
    public void R9_Assessment_ToString_SaysWhatStopsWhoIsAffectedAndHowBadly()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.Equal(
            "Removing Razorpay: severity Critical, affects Customers, Orders; PaymentProcessing: stops (Critical; affects Customers, Orders)",
            assessment.ToString());
    }

    [Fact]
    public void R9_Assessment_ToString_NamesTheAppThatStillCoversAWorkflow()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.Equal($"PaymentProcessing: still covered by {Stripe.Key}", Assert.Single(assessment.Workflows).ToString());
        Assert.EndsWith($"; PaymentProcessing: still covered by {Stripe.Key}", assessment.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void R9_Assessment_ToString_PendingAppStopsNothing()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        Assert.True(fixture.Store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), StoreFixture.Merchant).IsSuccess);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Shiprocket.Key, out var assessment));

        var workflow = Assert.Single(assessment.Workflows);

        Assert.False(workflow.Stops);
        Assert.Equal("ShipmentCreationAndTracking: not live yet, nothing stops", workflow.ToString());
        Assert.Equal(ImpactSeverity.None, assessment.Severity);
        Assert.Equal(AffectedParties.None, assessment.Affected);
    }

    [Fact]
    public void R9_Assessment_SeveralWorkflows_TakesTheWorstSeverityAndEveryoneAffected()
    {
        var both = StoreFixture.Provider(
            "wide", ProviderCategory.Logistics, CommerceWorkflow.TrafficAndBehaviourTracking, CommerceWorkflow.PaymentProcessing, CommerceWorkflow.MarketingAndPerformanceData);
        var fixture = new StoreFixture(TestPlans.Growth).With(both);

        Assert.True(fixture.Store.TryAssessImpact(both.Key, out var assessment));

        Assert.Equal(ImpactSeverity.Critical, assessment.Severity);
        Assert.Equal(AffectedParties.Customers | AffectedParties.Orders | AffectedParties.Campaigns | AffectedParties.Reporting, assessment.Affected);
        Assert.Equal(
            [CommerceWorkflow.TrafficAndBehaviourTracking, CommerceWorkflow.PaymentProcessing, CommerceWorkflow.MarketingAndPerformanceData],
            assessment.WorkflowsThatStop);
    }

    [Fact]
    public void R8_AssessmentAlongWithOthers_SaysWhichAppsGoTogether()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, [Stripe.Key], out var assessment));
        var acknowledgement = assessment.Acknowledge();

        Assert.StartsWith($"Removing Razorpay along with {Stripe.Key}: severity Critical", assessment.ToString(), StringComparison.Ordinal);
        Assert.Equal([Stripe.Key], acknowledgement.AlongWith);
        Assert.Equal(
            $"acknowledged impact of {BuiltInProviders.Razorpay.Key} along with {Stripe.Key} on store store-1 at apps version {fixture.Store.AppsVersion}",
            acknowledgement.ToString());
    }

    [Fact]
    public void R8_Acknowledgement_ToString_NamesAppStoreAndVersion()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.Equal(
            $"acknowledged impact of {BuiltInProviders.Razorpay.Key} on store store-1 at apps version {fixture.Store.AppsVersion}",
            assessment.Acknowledge().ToString());
    }

    [Fact]
    public void R8_Acknowledgement_DoesNotCoverAnotherStore()
    {
        var one = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        var other = TestStores.Open(new StoreId("store-2"), TestPlans.Growth.Id, TestPlans.Policy, one.Clock, StoreFixture.Merchant);
        Assert.True(other.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), StoreFixture.Merchant).IsSuccess);
        Assert.True(one.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var mine));
        Assert.True(other.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var theirs));
        Assert.Equal(mine.AppsVersion, theirs.AppsVersion);

        Assert.False(mine.Acknowledge().Covers(theirs));
    }

    [Fact]
    public void R8_Acknowledgement_DoesNotCoverAnotherApp()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var razorpay));
        Assert.True(fixture.Store.TryAssessImpact(Stripe.Key, out var stripe));

        Assert.False(razorpay.Acknowledge().Covers(stripe));
    }

    [Fact]
    public void R8_Acknowledgement_DoesNotCoverTheSameAppAfterTheLiveAppsChanged()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var before));
        var acknowledgement = before.Acknowledge();
        fixture.With(BuiltInProviders.MetaPixel);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var after));

        Assert.NotEqual(before.AppsVersion, after.AppsVersion);
        Assert.False(acknowledgement.Covers(after));
        Assert.True(acknowledgement.Covers(before));
    }

    [Fact]
    public void R8_Acknowledgement_DoesNotCoverAnAssessmentWhereMoreWouldStop()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var alone));
        Assert.Empty(alone.WorkflowsThatStop);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, [Stripe.Key], out var together));

        Assert.Equal(alone.AppsVersion, together.AppsVersion);
        Assert.Equal([CommerceWorkflow.PaymentProcessing], together.WorkflowsThatStop);
        Assert.False(alone.Acknowledge().Covers(together));
        Assert.True(together.Acknowledge().Covers(alone));
    }

    [Fact]
    public void R19_Report_ToString_TellsTheFactsAndWhatIsMissing()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));
        var key = BuiltInProviders.Razorpay.Key;

        var report = new ImpactReport(
            assessment,
            [new LiveFact(key, LiveFactKind.OrdersAwaitingPayment, 3), new LiveFact(key, LiveFactKind.OrdersAwaitingRefund, 1)],
            [new MissingFacts(key, MissingFactsReason.TimedOut)]);

        Assert.False(report.IsComplete);
        Assert.Equal(
            $"{assessment}; {key}: 3 OrdersAwaitingPayment; {key}: 1 OrdersAwaitingRefund; {key}: live facts missing (TimedOut)",
            report.ToString());
        Assert.Equal(assessment.ToString(), new ImpactReport(assessment, [], []).ToString());
        Assert.True(new ImpactReport(assessment, [], []).IsComplete);
    }

    [Fact]
    public void R19_Report_NullFactOrMissingEntry_IsRefused()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.Equal("facts", Assert.Throws<ArgumentNullException>(() => new ImpactReport(assessment, [null!], [])).ParamName);
        Assert.Equal("missing", Assert.Throws<ArgumentNullException>(() => new ImpactReport(assessment, [], [null!])).ParamName);
    }
}
