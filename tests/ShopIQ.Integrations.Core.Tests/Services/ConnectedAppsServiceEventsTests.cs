using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>Events go to the sinks only once their change is saved, and a failing sink fails nothing (R18).</summary>
public sealed class ConnectedAppsServiceEventsTests
{
    private static readonly StoreId StoreId = ServiceFixture.StoreId;
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public async Task R18_Connect_AdapterThatCallsOut_EachBatchIsPublishedAfterItsChangeIsSaved()
    {
        InspectingSink? inspecting = null;
        var adapter = new FakeAdapter("fake-logistics", ProviderCategory.Logistics, CommerceWorkflow.ShipmentCreationAndTracking);
        using var fixture = await new ServiceFixture([adapter], _ => { }, r => r, r => [inspecting = new InspectingSink(r)]).OpenAsync(TestPlans.Starter);

        Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(adapter.Key, FakeAdapter.ValidSetup)).Status);

        var seen = inspecting!.Seen;
        Assert.Equal(2, seen.Count);
        var (reserved, savedWhenReserved) = seen[0];
        Assert.IsType<ConnectionReserved>(Assert.Single(reserved));
        Assert.Equal(SlotEntryKind.Reserved, savedWhenReserved!.Entries[^1].Kind);
        var (activated, savedWhenActivated) = seen[1];
        Assert.IsType<ConnectionActivated>(Assert.Single(activated));
        Assert.Equal(SlotEntryKind.Activated, savedWhenActivated!.Entries[^1].Kind);
    }

    [Fact]
    public async Task R18_Connect_OfflineAdapter_OneSaveIsPublishedAsOneBatchAfterItIsSaved()
    {
        InspectingSink? inspecting = null;
        using var fixture = await new ServiceFixture([], _ => { }, r => r, r => [inspecting = new InspectingSink(r)]).OpenAsync(TestPlans.Starter);

        await fixture.WithAsync(BuiltInProviders.MetaPixel);

        var (events, saved) = Assert.Single(inspecting!.Seen);
        Assert.Collection(events, e => Assert.IsType<ConnectionReserved>(e), e => Assert.IsType<ConnectionActivated>(e));
        Assert.Equal([SlotEntryKind.Reserved, SlotEntryKind.Activated], saved!.Entries.Skip(1).Select(e => e.Kind));
    }

    [Fact]
    public async Task R18_Disconnect_SaveConflictsOnce_PublishesTheEventOnceForTheSavedChange()
    {
        ConflictingRepository? repository = null;
        using var fixture = await new ServiceFixture([], _ => { }, r => repository = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        repository!.ConflictOnNextSaves(1);

        var result = await fixture.Service.DisconnectAsync(Disconnect(BuiltInProviders.MetaPixel.Key), CancellationToken.None);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.Disconnected, result.Status);
        Assert.Equal(2, repository.SaveAttempts);
        Assert.Single(fixture.Sink.Events.OfType<AppDisconnected>());
        Assert.Equal(0, (await fixture.StoreAsync()).SlotsInUse);
    }

    [Fact]
    public async Task R18_Disconnect_SaveAlwaysConflicts_PublishesNothing()
    {
        ConflictingRepository? repository = null;
        using var fixture = await new ServiceFixture([], o => o.MaxConflictRetries = 2, r => repository = new ConflictingRepository(r), _ => []).OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        var batchesBefore = fixture.Sink.Batches.Count;
        repository!.ConflictOnNextSaves(int.MaxValue);

        var result = await fixture.Service.DisconnectAsync(Disconnect(BuiltInProviders.MetaPixel.Key), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Conflict, result.Status);
        Assert.Equal(batchesBefore, fixture.Sink.Batches.Count);
        Assert.DoesNotContain(fixture.Sink.Events, e => e is AppDisconnected);
    }

    [Fact]
    public async Task R18_Connect_ASinkThrows_TheCommandCompletesAndTheOtherSinksStillGetTheEvents()
    {
        var throwing = new ThrowingSink();
        using var fixture = await new ServiceFixture([], _ => { }, r => r, _ => [throwing]).OpenAsync(TestPlans.Starter);

        var result = await fixture.ConnectAsync(BuiltInProviders.MetaPixel.Key, BuiltInSetups.MetaPixel);

        Assert.False(result.IsReplay);
        Assert.Equal(OutcomeStatus.Connected, result.Status);
        Assert.Equal(1, throwing.Calls); // an offline adapter's connect is one save, so one batch
        Assert.Contains(fixture.Sink.Events, e => e is ConnectionReserved);
        Assert.Contains(fixture.Sink.Events, e => e is ConnectionActivated);
        Assert.Equal(ConnectionState.Active, Assert.Single((await fixture.StoreAsync()).GetApps()).State);
        var logged = Assert.Single(fixture.Logs.Lines, l => l.Contains(" [6] ", StringComparison.Ordinal));
        Assert.StartsWith("Error ", logged, StringComparison.Ordinal);
        Assert.Contains(
            "Event sink ThrowingSink failed to publish 2 events of store store-1; the change is saved, the events are not delivered to this sink",
            logged,
            StringComparison.Ordinal);
        Assert.Contains("The message bus is down.", logged, StringComparison.Ordinal); // the exception, for the operator
    }

    private static DisconnectAppCommand Disconnect(ProviderKey provider) =>
        new(StoreId, provider, Merchant, IdempotencyKey.New());
}
