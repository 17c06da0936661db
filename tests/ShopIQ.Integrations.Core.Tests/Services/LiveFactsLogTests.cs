using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// Live facts a provider could not give are missing from the impact report (R19), and the operator is told which
/// provider, which store and why in one warning: a merchant sees an assessment without the fact, and the log says
/// whether the provider failed or was too slow.
/// </summary>
public sealed class LiveFactsLogTests
{
    [Theory]
    [InlineData("failing", MissingFactsReason.Failed)]
    [InlineData("slow", MissingFactsReason.TimedOut)]
    public async Task R19_AssessImpact_FactsMissing_LogsTheProviderStoreAndReason(string facts, MissingFactsReason reason)
    {
        var adapter = FakeAdapter.Advertising();
        _ = facts == "slow" ? adapter.WithSlowLiveFacts() : adapter.WithFailingLiveFacts();
        using var fixture = await new ServiceFixture([adapter], o => o.LiveFactsBudget = TimeSpan.FromMilliseconds(50)).OpenAsync(TestPlans.Starter);
        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup)).Status);

        var report = await fixture.Service.AssessImpactAsync(ServiceFixture.StoreId, adapter.Key, CancellationToken.None);

        Assert.Equal([new MissingFacts(adapter.Key, reason)], report!.Missing);
        Assert.Equal([$"Live facts of fake-ads for store store-1 are missing: {reason}"], fixture.Logged(7));
    }

    [Fact]
    public async Task R19_AssessImpact_FactsGiven_LogsNoWarning()
    {
        var adapter = FakeAdapter.Advertising().WithLiveFacts(new LiveFact(new ProviderKey("fake-ads"), LiveFactKind.ScheduledCampaigns, 2));
        using var fixture = await new ServiceFixture([adapter], _ => { }).OpenAsync(TestPlans.Starter);
        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup)).Status);

        var report = await fixture.Service.AssessImpactAsync(ServiceFixture.StoreId, adapter.Key, CancellationToken.None);

        Assert.True(report!.IsComplete);
        Assert.Empty(fixture.Logged(7));
    }
}
