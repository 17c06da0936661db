using System.Buffers.Binary;
using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Every connection has one id from the moment it takes a slot until it lets it go; replays and snapshots keep it (R15).</summary>
public sealed class StoreConnectionIdTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderDescriptor First = StoreFixture.Provider("first", ProviderCategory.Other);
    private static readonly ProviderDescriptor Second = StoreFixture.Provider("second", ProviderCategory.Other);
    private static readonly ProviderDescriptor Third = StoreFixture.Provider("third", ProviderCategory.Other);

    [Fact]
    public void ConnectionId_TextRoundTrip_AndBadTextRefused()
    {
        var id = ConnectionId.New();

        Assert.Equal(id, ConnectionId.Parse(id.ToString()));
        Assert.Equal(36, id.ToString().Length);
        Assert.False(ConnectionId.TryCreate(Guid.Empty.ToString(), out _));
        Assert.False(ConnectionId.TryCreate("not-a-guid", out _));
        Assert.False(ConnectionId.TryCreate(null, out _));
        Assert.Throws<ArgumentException>(() => new ConnectionId(Guid.Empty));
        Assert.Throws<ArgumentException>(() => ConnectionId.Parse("x"));
    }

    [Fact]
    public void Reconnect_And_NeedsAttention_KeepTheId_ActivationKeepsTheReservationsId()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var reserved = store.BeginConnect(First, Valid(First), Merchant).App!.ConnectionId;

        Assert.Equal(reserved, store.CompleteConnect(First.Key, reserved, Merchant).App!.ConnectionId);
        Assert.Equal(reserved, store.MarkNeedsAttention(First.Key, AttentionReason.CredentialsExpired, Merchant).App!.ConnectionId);
        Assert.Equal(reserved, store.Reconnect(First.Key, Valid(First), Merchant).App!.ConnectionId);
        var events = store.TakeEvents();
        Assert.All(events, e => Assert.Equal(reserved, ConnectionOf(e)));
        Assert.Equal(4, events.Count);
    }

    [Fact]
    public void Replace_GivesTheIncomingAppANewId_AndItsEventNamesBoth()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(First);
        var store = fixture.Store;
        Assert.True(store.TryGetApp(First.Key, out var old));

        var replaced = store.Replace(First.Key, Second, Valid(Second), Merchant);

        Assert.NotEqual(old.ConnectionId, replaced.App!.ConnectionId);
        var e = Assert.IsType<AppReplaced>(Assert.Single(store.TakeEvents()));
        Assert.Equal((old.ConnectionId, replaced.App.ConnectionId), (e.ReplacedConnectionId, e.ConnectionId));
    }

    [Fact]
    public void Disconnect_ThenConnectAgain_GivesANewId()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(First);
        var store = fixture.Store;
        Assert.True(store.TryGetApp(First.Key, out var before));

        store.Disconnect(First.Key, Merchant);
        var again = store.Connect(First, Valid(First), Merchant).App!.ConnectionId;

        Assert.NotEqual(before.ConnectionId, again);
        Assert.Equal(before.ConnectionId, ConnectionOf(store.TakeEvents().OfType<AppDisconnected>().Single()));
    }

    [Fact]
    public void R6_SettleByAnEndedReservationsId_AnswersExpired_AndLeavesTheNewerReservationPending()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var first = store.BeginConnect(First, Valid(First), Merchant).App!.ConnectionId;
        fixture.Clock.Advance(Duration.FromHours(2));
        store.ExpireReservations();
        var second = store.BeginConnect(First, Valid(First), Merchant).App!.ConnectionId;

        var late = store.CompleteConnect(First.Key, first, Merchant);
        var lateFailure = store.FailConnect(First.Key, first, Merchant);

        Assert.Equal(OutcomeStatus.ReservationExpired, late.Status);
        Assert.Equal(OutcomeStatus.ReservationExpired, lateFailure.Status);
        Assert.True(store.TryGetApp(First.Key, out var app));
        Assert.Equal((ConnectionState.Pending, second), (app.State, app.ConnectionId));
        Assert.Equal(OutcomeStatus.Activated, store.CompleteConnect(First.Key, second, Merchant).Status);
        Assert.Equal(OutcomeStatus.NotPending, store.CompleteConnect(First.Key, second, Merchant).Status);
    }

    [Fact]
    public void R15_FromLedger_ReproducesEveryId()
    {
        var store = History().Store;

        var replayed = Store.FromLedger(SlotLedger.FromEntries(store.Id, store.Ledger.Entries), store.Policy, new NodaTime.Testing.FakeClock(StoreFixture.Start));

        Assert.Equal(Ids(store), Ids(replayed));
        Assert.Equal(3, Ids(store).Length);
    }

    [Fact]
    public void R15_SnapshotFormat3_RoundTripsEveryId()
    {
        var (fixture, store) = History();

        var read = Store.TryFromSnapshot(StoreSnapshot.FromBytes(store.Id, store.Version, store.TakeSnapshot().ToBytes().Span), [], store.Policy, fixture.Clock, out var problem);

        Assert.True(read is not null, problem);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(store.TakeSnapshot().ToBytes().Span));
        Assert.Equal(Ids(store), Ids(read));
    }

    [Fact]
    public void R15_SnapshotFormat2WithoutIds_DerivesTheIdsALedgerReplayWithoutIdsDerives()
    {
        var (fixture, store) = History();
        var bytes = store.TakeSnapshot().ToBytes().ToArray();
        // Format 2 is format 3 without the 16 bytes of each app's id.
        foreach (var id in store.GetApps().Select(a => a.ConnectionId.Value.ToByteArray()))
        {
            var at = bytes.AsSpan().IndexOf(id);
            Assert.True(at > 0);
            bytes = [.. bytes[..at], .. bytes[(at + 16)..]];
        }

        BinaryPrimitives.WriteInt32LittleEndian(bytes, 2);
        Reseal(bytes);
        var legacy = SlotLedger.FromEntries(store.Id, store.Ledger.Entries.Select(WithoutId));

        var fromSnapshot = Store.TryFromSnapshot(StoreSnapshot.FromBytes(store.Id, store.Version, bytes), [], store.Policy, fixture.Clock, out var problem);
        var fromLedger = Store.FromLedger(legacy, store.Policy, fixture.Clock);

        Assert.True(fromSnapshot is not null, problem);
        Assert.Equal(Ids(fromLedger), Ids(fromSnapshot));
        Assert.Equal(
            fromLedger.GetApps().Select(a => (a.Key.Value, ConnectionId.Derive(store.Id, a.Key, a.ConnectedAt).Value)),
            fromLedger.GetApps().Select(a => (a.Key.Value, a.ConnectionId.Value)));
        Assert.Empty(Ids(store).Intersect(Ids(fromLedger)));
    }

    [Fact]
    public void R15_Verify_StartWithAnIdStillHeld_IsReported_AndReplayRefusesIt()
    {
        var store = new StoreFixture(TestPlans.Starter).With(First).Store;
        var held = store.Ledger.Entries[^1];
        var reused = new SlotLedgerEntry(3, held.At, Merchant, SlotEntryKind.Connected, Second.Key, Second, held.PlanId, held.Allowance, 2, held.AiCreditBalance, null, null, held.ConnectionId);
        var ledger = SlotLedger.FromEntries(store.Id, [.. store.Ledger.Entries, reused]);

        var violation = Assert.Single(ledger.Verify().Violations);

        Assert.Equal((3L, LedgerViolationKind.ConnectionIdInUse), (violation.Sequence, violation.Kind));
        Assert.Throws<ArgumentException>(() => Store.FromLedger(ledger, store.Policy, new NodaTime.Testing.FakeClock(StoreFixture.Start)));
    }

    [Fact]
    public void SlotLedgerEntry_IdOnAKindThatStartsNoConnection_IsRefused()
    {
        var e = new StoreFixture(TestPlans.Starter).Store.Ledger.Entries[0];

        Assert.Throws<ArgumentException>(() => new SlotLedgerEntry(2, e.At, Merchant, SlotEntryKind.Disconnected, First.Key, null, e.PlanId, e.Allowance, 0, e.AiCreditBalance, null, null, ConnectionId.New()));
    }

    /// <summary>Three apps live (one connected, one reserved, one brought by a replace), and ended connections before them.</summary>
    private static (StoreFixture Fixture, Store Store) History()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;
        store.Connect(First, Valid(First), Merchant);
        fixture.Clock.AdvanceMinutes(1);
        store.Disconnect(First.Key, Merchant);
        fixture.Clock.AdvanceMinutes(1);
        store.Connect(First, Valid(First), Merchant);
        store.Connect(Second, Valid(Second), Merchant);
        fixture.Clock.AdvanceMinutes(1);
        store.Replace(Second.Key, Third, Valid(Third), Merchant);
        store.BeginConnect(Second, Valid(Second), Merchant);
        Assert.Equal(3, store.AppCount);
        return (fixture, store);
    }

    private static Guid[] Ids(Store store) => [.. store.GetApps().Select(a => a.ConnectionId.Value)];

    private static SlotLedgerEntry WithoutId(SlotLedgerEntry e) =>
        new(e.Sequence, e.At, e.Actor, e.Kind, e.Provider, e.Descriptor, e.PlanId, e.Allowance, e.SlotsInUse, e.AiCreditBalance, e.PendingUntil, e.AttentionReason);

    private static ConnectionId? ConnectionOf(StoreEvent e) => e switch
    {
        ConnectionReserved r => r.ConnectionId,
        ConnectionActivated a => a.ConnectionId,
        AppNeedsAttention n => n.ConnectionId,
        AppReconnected r => r.ConnectionId,
        AppDisconnected d => d.ConnectionId,
        _ => null,
    };

    private static void Reseal(byte[] bytes)
    {
        var length = bytes.Length - sizeof(ulong);
        var hash = 14695981039346656037UL;
        foreach (var b in bytes.AsSpan(0, length))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(length), hash);
    }
}
