using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// An entry whose sequence, instant and counts are sound still only applies to a store whose apps allow it (R15): an
/// activation, release or expiry names a pending app; attention, reconnection and activity name a live app that is
/// not pending; a disconnect names a connected app; a connect names an app not connected yet, with a connection id no
/// live app holds. An entry that breaks this is refused with what it named, on a store rebuilt from a snapshot and
/// its tail (the entries are forged after a snapshot, so no other check stands in front).
/// </summary>
public sealed class LedgerEntryApplyTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderDescriptor Working = StoreFixture.Provider("working", ProviderCategory.Other);
    private static readonly ProviderDescriptor Troubled = StoreFixture.Provider("troubled", ProviderCategory.Other);
    private static readonly ProviderDescriptor Waiting = StoreFixture.Provider("waiting", ProviderCategory.Other);
    private static readonly ProviderDescriptor Gone = StoreFixture.Provider("gone", ProviderCategory.Other);
    private static readonly ProviderDescriptor Newcomer = StoreFixture.Provider("newcomer", ProviderCategory.Other);

    [Theory]
    [InlineData(SlotEntryKind.Activated, "working", 0)] // not pending
    [InlineData(SlotEntryKind.Released, "working", -1)]
    [InlineData(SlotEntryKind.Expired, "troubled", -1)]
    [InlineData(SlotEntryKind.MarkedNeedsAttention, "waiting", 0)] // pending
    [InlineData(SlotEntryKind.Reconnected, "waiting", 0)]
    [InlineData(SlotEntryKind.ActivityRecorded, "waiting", 0)]
    [InlineData(SlotEntryKind.Disconnected, "gone", -1)] // not connected
    [InlineData(SlotEntryKind.Activated, "gone", 0)]
    [InlineData(SlotEntryKind.ActivityRecorded, "gone", 0)]
    public void R15_AnEntryNamingAnAppInAStateItDoesNotAllow_IsRefused(SlotEntryKind kind, string provider, int countChange)
    {
        var (fixture, store, snapshot) = Snapshot();
        var entry = Forge(snapshot, 1, kind, new ProviderKey(provider), null, 3 + countChange, null, kind == SlotEntryKind.MarkedNeedsAttention ? AttentionReason.CredentialsExpired : null);

        var rebuilt = Store.TryFromSnapshot(snapshot, [entry], store.Policy, fixture.Clock, out var problem);

        Assert.Null(rebuilt);
        Assert.Equal(
            $"entry {entry.Sequence} cannot apply to the snapshot at version {snapshot.Version}: entry {entry.Sequence} ({kind}) names '{provider}', which is not connected in a state that allows it.",
            problem);
    }

    [Fact]
    public void R15_AConnectOfAnAppAlreadyConnected_IsRefused()
    {
        var (fixture, store, snapshot) = Snapshot();
        var entry = Forge(snapshot, 1, SlotEntryKind.Connected, Working.Key, Working, 4, ConnectionId.New(), null);

        Assert.Null(Store.TryFromSnapshot(snapshot, [entry], store.Policy, fixture.Clock, out var problem));
        Assert.Equal(
            $"entry {entry.Sequence} cannot apply to the snapshot at version {snapshot.Version}: entry {entry.Sequence} connects 'working', which is already connected.",
            problem);
    }

    [Fact]
    public void R15_AConnectStartingAConnectionAnotherAppHolds_IsRefused()
    {
        var (fixture, store, snapshot) = Snapshot();
        var held = store.GetApps().Single(a => a.Key == Troubled.Key).ConnectionId;
        var entry = Forge(snapshot, 1, SlotEntryKind.Connected, Newcomer.Key, Newcomer, 4, held, null);

        Assert.Null(Store.TryFromSnapshot(snapshot, [entry], store.Policy, fixture.Clock, out var problem));
        Assert.Equal(
            $"entry {entry.Sequence} cannot apply to the snapshot at version {snapshot.Version}: entry {entry.Sequence} starts connection {held}, which another app still holds.",
            problem);
    }

    [Fact]
    public void R15_EntriesThatDoApply_AreTaken_WithTheirEffectOnTheAppsVersionAndThePendingCount()
    {
        var (fixture, store, snapshot) = Snapshot();
        var appsVersion = store.AppsVersion;

        // Attention on an app that already needs it, and activity: which apps are live and healthy does not change.
        var again = Forge(snapshot, 1, SlotEntryKind.MarkedNeedsAttention, Troubled.Key, null, 3, null, AttentionReason.PermissionRemoved);
        var activity = Forge(snapshot, 2, SlotEntryKind.ActivityRecorded, Working.Key, null, 3, null, null);

        // The pending app's reservation released: no reservation is left to come due.
        var released = Forge(snapshot, 3, SlotEntryKind.Released, Waiting.Key, null, 2, null, null);
        var rebuilt = Store.TryFromSnapshot(snapshot, [again, activity, released], store.Policy, fixture.Clock, out var problem);

        Assert.Null(problem);
        Assert.NotNull(rebuilt);
        Assert.Equal(appsVersion, rebuilt.AppsVersion);
        Assert.Equal(released.Sequence, rebuilt.Version);
        Assert.Null(rebuilt.NextReservationDeadline());
        var troubled = rebuilt.GetApps().Single(a => a.Key == Troubled.Key);
        Assert.Equal((ConnectionState.NeedsAttention, AttentionReason.PermissionRemoved), (troubled.State, troubled.AttentionReason));
        Assert.Equal(activity.At, rebuilt.GetApps().Single(a => a.Key == Working.Key).LastActivityAt);

        // A reconnect of an app that is already working changes nothing live either; one of the troubled app does.
        var idle = Forge(snapshot, 4, SlotEntryKind.Reconnected, Working.Key, null, 2, null, null);
        var back = Forge(snapshot, 5, SlotEntryKind.Reconnected, Troubled.Key, null, 2, null, null);
        var later = Store.TryFromSnapshot(snapshot, [again, activity, released, idle, back], store.Policy, fixture.Clock, out problem);

        Assert.Null(problem);
        Assert.NotNull(later);
        Assert.Equal(back.Sequence, later.AppsVersion);
        var rebuiltTroubled = later.GetApps().Single(a => a.Key == Troubled.Key);
        Assert.Equal((ConnectionState.Active, (AttentionReason?)null), (rebuiltTroubled.State, rebuiltTroubled.AttentionReason));
    }

    [Fact]
    public void R6_ADisconnectOfAPendingApp_LeavesNoReservationToComeDue_AndNoLiveAppChanged()
    {
        var (fixture, store, snapshot) = Snapshot();
        var appsVersion = store.AppsVersion;
        var entry = Forge(snapshot, 1, SlotEntryKind.Disconnected, Waiting.Key, null, 2, null, null);

        var rebuilt = Store.TryFromSnapshot(snapshot, [entry], store.Policy, fixture.Clock, out var problem);

        Assert.Null(problem);
        Assert.NotNull(rebuilt);
        Assert.Null(rebuilt.NextReservationDeadline());
        Assert.Equal(appsVersion, rebuilt.AppsVersion);
        Assert.Equal(2, rebuilt.SlotsInUse);
    }

    /// <summary>
    /// A store with a working app (with activity), an app needing attention, a pending reservation and an app gone
    /// again, on Growth, and its snapshot.
    /// </summary>
    private static (StoreFixture Fixture, Store Store, StoreSnapshot Snapshot) Snapshot()
    {
        var fixture = new StoreFixture(TestPlans.Growth).With(Working, Troubled, Gone);
        var store = fixture.Store;
        fixture.Clock.AdvanceMinutes(1);
        Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(Gone.Key, Merchant).Status);
        Assert.Equal(OutcomeStatus.MarkedNeedsAttention, store.MarkNeedsAttention(Troubled.Key, AttentionReason.CredentialsExpired, Merchant).Status);
        Assert.Equal(OutcomeStatus.Reserved, store.BeginConnect(Waiting, Valid(Waiting), Merchant).Status);
        Assert.Equal(OutcomeStatus.ActivityRecorded, store.RecordActivity(Working.Key, Merchant).Status);
        Assert.NotNull(store.NextReservationDeadline());
        return (fixture, store, store.TakeSnapshot());
    }

    /// <summary>Entry number <paramref name="step"/> after the snapshot, <paramref name="step"/> minutes after it, plan and credits carried on.</summary>
    private static SlotLedgerEntry Forge(
        StoreSnapshot snapshot,
        int step,
        SlotEntryKind kind,
        ProviderKey? provider,
        ProviderDescriptor? descriptor,
        int slotsInUse,
        ConnectionId? connection,
        AttentionReason? reason)
    {
        var state = snapshot.TryGetState(out _)!;
        return new SlotLedgerEntry(
            snapshot.Version + step,
            state.LastAt + Duration.FromMinutes(step),
            Merchant,
            kind,
            provider,
            descriptor,
            state.PlanId,
            state.Allowance,
            slotsInUse,
            state.AiCreditBalance,
            null,
            reason,
            connection);
    }
}
