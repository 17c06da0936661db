using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Impact;

/// <summary>What stops, for whom and how badly if an app goes (R9), and which apps need it acknowledged (R8).</summary>
public sealed class ImpactAssessmentTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderDescriptor Stripe = StoreFixture.Provider("stripe", ProviderCategory.Payments, CommerceWorkflow.PaymentProcessing);

    public static TheoryData<string, AffectedParties, ImpactSeverity> AloneInTheirWorkflows => new()
    {
        { "razorpay", AffectedParties.Customers | AffectedParties.Orders, ImpactSeverity.Critical },
        { "shiprocket", AffectedParties.Customers | AffectedParties.Orders, ImpactSeverity.High },
        { "wati", AffectedParties.Customers | AffectedParties.Campaigns, ImpactSeverity.High },
        { "google-analytics", AffectedParties.Reporting, ImpactSeverity.Medium },
        { "meta-pixel", AffectedParties.Campaigns | AffectedParties.Reporting, ImpactSeverity.Medium },
        { "amazon-seller-central", AffectedParties.Orders | AffectedParties.Reporting, ImpactSeverity.High },
    };

    public static TheoryData<ProviderCategory, bool> DefaultCriticality => new()
    {
        { ProviderCategory.Payments, true },
        { ProviderCategory.Logistics, true },
        { ProviderCategory.WhatsAppMessaging, true },
        { ProviderCategory.Analytics, true },
        { ProviderCategory.Advertising, false },
        { ProviderCategory.Marketplace, false },
        { ProviderCategory.Other, false },
    };

    [Fact]
    public void R9_TryAssessImpact_OnlyPaymentGateway_CustomersCannotPayOnline()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        var workflow = Assert.Single(assessment.Workflows);
        Assert.Equal(CommerceWorkflow.PaymentProcessing, workflow.Workflow);
        Assert.False(workflow.StillCovered);
        Assert.Empty(workflow.CoveredBy);
        Assert.Equal(AffectedParties.Customers | AffectedParties.Orders, workflow.Affected);
        Assert.Equal(ImpactSeverity.Critical, workflow.Severity);
        Assert.Equal(ImpactSeverity.Critical, assessment.Severity);
        Assert.Equal(AffectedParties.Customers | AffectedParties.Orders, assessment.Affected);
        Assert.Equal([CommerceWorkflow.PaymentProcessing], assessment.WorkflowsThatStop);
        Assert.True(assessment.RequiresAcknowledgement);
    }

    [Fact]
    public void R9_TryAssessImpact_SecondGatewayConnected_PaymentStillCoveredByTheOther()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        var workflow = Assert.Single(assessment.Workflows);
        Assert.True(workflow.StillCovered);
        Assert.Equal([Stripe.Key], workflow.CoveredBy);
        Assert.Equal(AffectedParties.None, workflow.Affected);
        Assert.Equal(ImpactSeverity.Low, assessment.Severity);
        Assert.Equal(AffectedParties.None, assessment.Affected);
        Assert.Empty(assessment.WorkflowsThatStop);
        Assert.Contains("stripe", workflow.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void R9_TryAssessImpact_SecondGatewayNeedsAttention_DoesNotCover()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, Stripe);
        fixture.Store.MarkNeedsAttention(Stripe.Key, AttentionReason.CredentialsRevoked, Merchant);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.False(Assert.Single(assessment.Workflows).StillCovered);
        Assert.Equal(ImpactSeverity.Critical, assessment.Severity);
    }

    [Fact]
    public void R9_TryAssessImpact_SecondGatewayStillPending_DoesNotCover()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);
        fixture.Store.BeginConnect(Stripe, Valid(Stripe), Merchant);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.Empty(Assert.Single(assessment.Workflows).CoveredBy);
        Assert.Equal(ImpactSeverity.Critical, assessment.Severity);
    }

    [Theory]
    [MemberData(nameof(AloneInTheirWorkflows))]
    public void R9_TryAssessImpact_AppAloneInItsWorkflows_ListsWhoIsAffectedAndHowBadly(string key, AffectedParties affected, ImpactSeverity severity)
    {
        var provider = BuiltInProviders.All.Single(p => p.Key.Value == key);
        var fixture = new StoreFixture(TestPlans.Growth).With(provider);

        Assert.True(fixture.Store.TryAssessImpact(provider.Key, out var assessment));

        Assert.Equal(affected, assessment.Affected);
        Assert.Equal(severity, assessment.Severity);
        Assert.Equal(provider.Workflows, assessment.Workflows.Select(w => w.Workflow));
        Assert.Equal(provider.Workflows, assessment.WorkflowsThatStop);
    }

    [Fact]
    public void R9_TryAssessImpact_MetaPixelBesideGoogleAnalytics_OnlyMarketingDataStops()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.MetaPixel, BuiltInProviders.GoogleAnalytics);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.MetaPixel.Key, out var assessment));

        var tracking = Assert.Single(assessment.Workflows, w => w.Workflow == CommerceWorkflow.TrafficAndBehaviourTracking);
        Assert.Equal([BuiltInProviders.GoogleAnalytics.Key], tracking.CoveredBy);
        Assert.Equal([CommerceWorkflow.MarketingAndPerformanceData], assessment.WorkflowsThatStop);
        Assert.Equal(AffectedParties.Campaigns | AffectedParties.Reporting, assessment.Affected);
        Assert.Equal(ImpactSeverity.Medium, assessment.Severity);
    }

    [Fact]
    public void R9_TryAssessImpact_PendingApp_NothingStopsAndNoAcknowledgementIsNeeded()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        fixture.Store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var assessment));

        Assert.Equal(ImpactSeverity.None, assessment.Severity);
        Assert.Equal(AffectedParties.None, assessment.Affected);
        Assert.False(assessment.RequiresAcknowledgement);
        Assert.Empty(assessment.WorkflowsThatStop);
        Assert.False(Assert.Single(assessment.Workflows).Stops);
    }

    [Fact]
    public void R9_TryAssessImpact_AppNotConnected_ReturnsFalse()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay);

        Assert.False(fixture.Store.TryAssessImpact(BuiltInProviders.Wati.Key, out var assessment));
        Assert.Null(assessment);
    }

    [Fact]
    public void R9_TryAssessImpact_ChangesNothing()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Razorpay, BuiltInProviders.Wati);
        var before = StoreState.Of(fixture.Store);

        fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out _);
        fixture.Store.TryAssessImpact(BuiltInProviders.Wati.Key, out _);

        Assert.Equal(before, StoreState.Of(fixture.Store));
        Assert.Empty(fixture.Store.TakeEvents());
    }

    [Fact]
    public void R9_TryAssessImpact_CarriesStoreAppVersionAndInstant()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.Wati);
        fixture.Clock.AdvanceMinutes(42);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Wati.Key, out var assessment));

        Assert.Equal(fixture.Store.Id, assessment.StoreId);
        Assert.Equal(BuiltInProviders.Wati.Key, assessment.App.Key);
        Assert.Equal(fixture.Store.AppsVersion, assessment.AppsVersion);
        Assert.Equal(StoreFixture.Start + Duration.FromMinutes(42), assessment.AssessedAt);
    }

    [Fact]
    public void R8_Acknowledge_IsForThisStoreAppAndAppsVersion()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(BuiltInProviders.MetaPixel, BuiltInProviders.Shiprocket);
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Shiprocket.Key, out var assessment));

        var acknowledgement = assessment.Acknowledge();

        Assert.Equal(fixture.Store.Id, acknowledgement.StoreId);
        Assert.Equal(BuiltInProviders.Shiprocket.Key, acknowledgement.Provider);
        Assert.Equal(fixture.Store.AppsVersion, acknowledgement.AppsVersion);
        Assert.Equal(assessment.WorkflowsThatStop, acknowledgement.WorkflowsThatStop);
        Assert.Equal([CommerceWorkflow.ShipmentCreationAndTracking], acknowledgement.WorkflowsThatStop);
        Assert.True(acknowledgement.Covers(assessment));
    }

    [Theory]
    [MemberData(nameof(DefaultCriticality))]
    public void R8_TryAssessImpact_DefaultPolicy_RequiresAcknowledgementForTheArticlesCriticalCategories(ProviderCategory category, bool critical)
    {
        var provider = StoreFixture.Provider("some-app", category);
        var fixture = new StoreFixture(TestPlans.Growth).With(provider);

        Assert.True(fixture.Store.TryAssessImpact(provider.Key, out var assessment));

        Assert.Equal(critical, assessment.RequiresAcknowledgement);
        Assert.Equal(critical, fixture.Store.Policy.IsCritical(category));
    }

    [Fact]
    public void R8_TryAssessImpact_ConfiguredCriticalCategories_AreTheOnlyOnesRequiringAcknowledgement()
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog)
        {
            CriticalCategories = new HashSet<ProviderCategory> { ProviderCategory.Marketplace, ProviderCategory.Payments },
        };
        var fixture = new StoreFixture(TestPlans.Growth, policy).With(BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Razorpay, BuiltInProviders.Wati);

        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.AmazonSellerCentral.Key, out var amazon));
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Razorpay.Key, out var razorpay));
        Assert.True(fixture.Store.TryAssessImpact(BuiltInProviders.Wati.Key, out var wati));

        Assert.True(amazon.RequiresAcknowledgement);
        Assert.True(razorpay.RequiresAcknowledgement);
        Assert.False(wati.RequiresAcknowledgement);
    }
}
