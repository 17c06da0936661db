using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Impact;

/// <summary>
/// An assessment and its acknowledgement list every app they name, comma-separated (R8, R9); the token result of a good
/// token says what it carries (R8); and the impact types answer a null argument with an <see cref="ArgumentNullException"/>
/// that names it, and a null inside a list with one that says so.
/// </summary>
public sealed class ImpactListsAndBadInputTests
{
    private static readonly ProviderDescriptor Stripe = StoreFixture.Provider("stripe", ProviderCategory.Payments, CommerceWorkflow.PaymentProcessing);
    private static readonly ProviderDescriptor PayPal = StoreFixture.Provider("paypal", ProviderCategory.Payments, CommerceWorkflow.PaymentProcessing);

    [Fact]
    public void R9_Assessment_WorkflowStillCoveredByTwoApps_NamesBoth()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe, PayPal);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        var workflow = Assert.Single(assessment.Workflows);

        Assert.Equal($"PaymentProcessing: still covered by {Stripe.Key}, {PayPal.Key}", workflow.ToString());
    }

    [Fact]
    public void R8_AssessmentAlongWithTwoApps_NamesBothInTheAssessmentAndItsAcknowledgement()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe, PayPal);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, [Stripe.Key, PayPal.Key], out var assessment));

        var acknowledgement = assessment.Acknowledge();

        Assert.StartsWith($"Removing Razorpay along with {Stripe.Key}, {PayPal.Key}: severity Critical", assessment.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            $"acknowledged impact of {BuiltInProviders.Razorpay.Key} along with {Stripe.Key}, {PayPal.Key} on store store-1 at apps version {fixture.Store.AppsVersion}",
            acknowledgement.ToString());
    }

    [Fact]
    public void R9_Assessment_OfAnAppWithTwoWorkflows_ListsBoth()
    {
        var wide = StoreFixture.Provider("wide", ProviderCategory.Logistics, CommerceWorkflow.PaymentProcessing, CommerceWorkflow.ShipmentCreationAndTracking);
        var fixture = new StoreFixture(TestPlans.Growth).With(wide);
        Assert.True(fixture.Store.TryAssessImpact(wide.Key, out var assessment));

        Assert.EndsWith(
            $"; {assessment.Workflows[0]}; {assessment.Workflows[1]}",
            assessment.ToString(),
            StringComparison.Ordinal);
        Assert.Equal(2, assessment.Workflows.Count);
    }

    [Fact]
    public void R8_ReadGoodToken_SaysWhichAcknowledgementItCarries()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));
        var tokens = new AcknowledgementTokens(new byte[AcknowledgementTokens.MinimumKeyLength], NodaTime.Duration.FromMinutes(5));

        var read = tokens.Read(tokens.Issue(assessment.Acknowledge(), StoreFixture.Start), StoreFixture.Start);

        Assert.True(read.IsValid);
        Assert.Equal($"The token carries the {read.Acknowledgement}.", read.Message);
        Assert.Equal(read.Message, read.ToString());
    }

    [Fact]
    public void BadInput_ImpactReport_NullArgumentsAndNullEntries_AreNamed()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.Equal("assessment", Assert.Throws<ArgumentNullException>(() => new ImpactReport(null!, [], [])).ParamName);
        Assert.Equal("facts", Assert.Throws<ArgumentNullException>(() => new ImpactReport(assessment, null!, [])).ParamName);
        Assert.Equal("missing", Assert.Throws<ArgumentNullException>(() => new ImpactReport(assessment, [], null!)).ParamName);
        var nullFact = Assert.Throws<ArgumentNullException>(() => new ImpactReport(assessment, [null!], []));
        var nullMissing = Assert.Throws<ArgumentNullException>(() => new ImpactReport(assessment, [], [null!]));
        Assert.StartsWith("Live facts must not hold null.", nullFact.Message, StringComparison.Ordinal);
        Assert.StartsWith("Missing facts must not hold null.", nullMissing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_MissingFactsAndCovers_NullArguments_AreNamed()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.Equal("provider", Assert.Throws<ArgumentNullException>(() => new MissingFacts(null!, MissingFactsReason.TimedOut)).ParamName);
        Assert.Equal("assessment", Assert.Throws<ArgumentNullException>(() => assessment.Acknowledge().Covers(null!)).ParamName);
    }

    [Fact]
    public void BadInput_AssessingWithNullAppsGoingAlong_IsRefusedNamingThem()
    {
        var store = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe).Store;

        var none = Assert.Throws<ArgumentNullException>(() => store.TryAssessImpact(BuiltInProviders.Razorpay.Key, null!, out _));
        var holdingNull = Assert.Throws<ArgumentNullException>(() => store.TryAssessImpact(BuiltInProviders.Razorpay.Key, [Stripe.Key, null!], out _));

        Assert.Equal("alongWith", none.ParamName);
        Assert.Equal("alongWith", holdingNull.ParamName);
        Assert.StartsWith("An app going along is null.", holdingNull.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_TokenLifetimeNotPositiveOrOverTheMaximum_IsRefusedSayingTheBounds()
    {
        var key = new byte[AcknowledgementTokens.MinimumKeyLength];

        foreach (var lifetime in new[] { NodaTime.Duration.Zero, AcknowledgementTokens.MaximumLifetime + NodaTime.Duration.Epsilon })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AcknowledgementTokens(key, lifetime));

            Assert.Equal("lifetime", error.ParamName);
            Assert.StartsWith($"A token's lifetime must be positive and at most {AcknowledgementTokens.MaximumLifetime}.", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BadInput_Acknowledgement_NullAppsGoingAlong_AreNamed()
    {
        var store = new StoreId("store-1");

        var none = Assert.Throws<ArgumentNullException>(() => new ImpactAcknowledgement(store, BuiltInProviders.Razorpay.Key, 1, [], null!));
        var holdingNull = Assert.Throws<ArgumentNullException>(() => new ImpactAcknowledgement(store, BuiltInProviders.Razorpay.Key, 1, [], [null!]));

        Assert.Equal("alongWith", none.ParamName);
        Assert.Equal("alongWith", holdingNull.ParamName);
        Assert.StartsWith("An app going along is null.", holdingNull.Message, StringComparison.Ordinal);
    }
}
