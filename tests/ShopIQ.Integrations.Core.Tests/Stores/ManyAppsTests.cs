using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// A store on an unlimited plan with more apps than the store's app table looks through one by one (it switches to
/// an index past 16 places): every rule must hold the same, live and replayed (R3, R7, R15).
/// </summary>
public sealed class ManyAppsTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    private static readonly ProviderDescriptor[] Apps =
        [.. Enumerable.Range(1, 30).Select(i => new ProviderDescriptor(
            new ProviderKey($"app-{i}"), $"App {i}", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], true, ProviderAvailability.Available))];

    [Fact]
    public void R15_ThirtyAppsConnectedDisconnectedAndReconnected_CountsHoldAndTheReplayedStoreIsTheSame()
    {
        var fixture = new StoreFixture(TestPlans.Enterprise);
        var store = fixture.Store;
        foreach (var app in Apps)
        {
            Assert.Equal(OutcomeStatus.Connected, Connect(store, app).Status);
        }

        // Free every third place, then fill them again with the same apps and connect one twice.
        foreach (var app in Apps.Where((_, i) => i % 3 == 0))
        {
            Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(app.Key, Merchant).Status);
        }

        Assert.Equal(20, store.SlotsInUse);
        Assert.Equal(OutcomeStatus.NotConnected, store.Disconnect(Apps[0].Key, Merchant).Status);
        Assert.Equal(OutcomeStatus.AlreadyConnected, Connect(store, Apps[1]).Status);
        foreach (var app in Apps.Where((_, i) => i % 3 == 0).Reverse())
        {
            Assert.Equal(OutcomeStatus.Connected, Connect(store, app).Status);
        }

        Assert.Equal(OutcomeStatus.ActivityRecorded, store.RecordActivity(Apps[29].Key, Merchant).Status);
        Assert.Equal(OutcomeStatus.AlreadyConnected, Connect(store, Apps[0]).Status);
        Assert.Equal(30, store.SlotsInUse);
        Assert.True(store.TryAssessImpact(Apps[4].Key, out var assessment));
        var coverage = assessment.Workflows.Single().CoveredBy;

        var replayed = Store.FromLedger(store.Ledger, store.Policy, new FakeClock(StoreFixture.Start));

        Assert.Equal(29, coverage.Count);
        Assert.DoesNotContain(Apps[4].Key, coverage);
        Assert.Equal(store.GetApps(), replayed.GetApps());
        Assert.Equal(30, replayed.SlotsInUse);
        Assert.True(replayed.TryAssessImpact(Apps[4].Key, out var replayedAssessment));
        Assert.Equal(coverage, replayedAssessment.Workflows.Single().CoveredBy);
        Assert.NotNull(replayed.GetApps().Single(a => a.Key == Apps[29].Key).LastActivityAt);
    }

    private static StoreOutcome Connect(Store store, ProviderDescriptor app) =>
        store.Connect(app, Valid(app), Merchant);
}
