using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>Impact assessments with providers' live facts; a slow or failing adapter never blocks them (R8, R9, R19).</summary>
public sealed class ConnectedAppsServiceImpactTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly TimeSpan TinyBudget = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task R19_AssessImpact_AdapterReportsFacts_ReportCarriesThem()
    {
        var adapter = FakeAdapter.Payments();
        var fact = new LiveFact(adapter.Key, LiveFactKind.OrdersAwaitingRefund, 4);
        adapter.WithLiveFacts(fact);
        using var fixture = await ConnectedAsync(adapter);

        var report = await fixture.Service.AssessImpactAsync(StoreId, adapter.Key, CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal([fact], report.Facts);
        Assert.Empty(report.Missing);
        Assert.True(report.IsComplete);
        Assert.Equal(1, adapter.LiveFactsCalls);
        Assert.Equal(adapter.Key, report.Assessment.App.Key);
    }

    [Fact]
    public async Task R19_AssessImpact_SlowAdapter_ReturnsWithinTheBudgetListingFactsAsTimedOut()
    {
        var adapter = FakeAdapter.Payments().WithSlowLiveFacts();
        using var fixture = await ConnectedAsync(adapter);

        var report = await fixture.Service.AssessImpactAsync(StoreId, adapter.Key, CancellationToken.None);

        Assert.NotNull(report);
        Assert.Empty(report.Facts);
        Assert.Equal([new MissingFacts(adapter.Key, MissingFactsReason.TimedOut)], report.Missing);
        Assert.False(report.IsComplete);
        Assert.Contains(CommerceWorkflow.PaymentProcessing, report.Assessment.WorkflowsThatStop);
    }

    [Fact]
    public async Task R19_AssessImpact_ThrowingAdapter_ListsFactsAsFailed()
    {
        var adapter = FakeAdapter.Payments().WithFailingLiveFacts();
        using var fixture = await ConnectedAsync(adapter);

        var report = await fixture.Service.AssessImpactAsync(StoreId, adapter.Key, CancellationToken.None);

        Assert.NotNull(report);
        Assert.Empty(report.Facts);
        Assert.Equal([new MissingFacts(adapter.Key, MissingFactsReason.Failed)], report.Missing);
        Assert.Contains(CommerceWorkflow.PaymentProcessing, report.Assessment.WorkflowsThatStop);
    }

    [Fact]
    public async Task R19_AssessImpact_ProviderWithoutAnAdapter_ListsFactsAsNoAdapter()
    {
        var adapter = FakeAdapter.Payments();
        using var fixture = await ConnectedAsync(adapter);
        using var withoutIt = fixture.ServiceWith(BuiltInSetups.Adapters);

        var report = await withoutIt.AssessImpactAsync(StoreId, adapter.Key, CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal([new MissingFacts(adapter.Key, MissingFactsReason.NoAdapter)], report.Missing);
        Assert.Equal(0, adapter.LiveFactsCalls);
    }

    [Theory]
    [InlineData("facts", true)]
    [InlineData("slow", true)]
    [InlineData("failing", true)]
    [InlineData("facts", false)]
    [InlineData("slow", false)]
    [InlineData("failing", false)]
    public async Task R19_AssessImpact_MissingFacts_NeverChangeWhetherAcknowledgementIsNeeded(string facts, bool critical)
    {
        var adapter = critical ? FakeAdapter.Payments() : FakeAdapter.Advertising();
        _ = facts switch
        {
            "facts" => adapter.WithLiveFacts(new LiveFact(adapter.Key, LiveFactKind.ScheduledCampaigns, 2)),
            "slow" => adapter.WithSlowLiveFacts(),
            _ => adapter.WithFailingLiveFacts(),
        };
        using var fixture = await ConnectedAsync(adapter);
        var store = await fixture.StoreAsync();
        Assert.True(store.TryAssessImpact(adapter.Key, out var fromStore));

        var report = await fixture.Service.AssessImpactAsync(StoreId, adapter.Key, CancellationToken.None);

        Assert.Equal(critical, report!.Assessment.RequiresAcknowledgement);
        Assert.Equal(fromStore.RequiresAcknowledgement, report.Assessment.RequiresAcknowledgement);
        Assert.Equal(fromStore.WorkflowsThatStop, report.Assessment.WorkflowsThatStop);
        Assert.Equal(fromStore.AppsVersion, report.Assessment.AppsVersion);
        Assert.Equal(facts != "facts", report.Missing.Count == 1);

        var disconnect = await fixture.Service.DisconnectAsync(
            new DisconnectAppCommand(StoreId, adapter.Key, report.Assessment.Acknowledge(), Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.Equal(OutcomeStatus.Disconnected, disconnect.Status);
    }

    [Fact]
    public async Task AssessImpact_AppNotConnected_ReturnsNull()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);

        Assert.Null(await fixture.Service.AssessImpactAsync(StoreId, BuiltInProviders.Razorpay.Key, CancellationToken.None));
        Assert.Null(await fixture.Service.AssessImpactAsync(new StoreId("no-such-store"), BuiltInProviders.Razorpay.Key, CancellationToken.None));
    }

    private static async Task<ServiceFixture> ConnectedAsync(FakeAdapter adapter)
    {
        var fixture = await new ServiceFixture([adapter], o => o.LiveFactsBudget = TinyBudget).OpenAsync(TestPlans.Starter);
        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup)).Status);
        return fixture;
    }
}
