using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Pending setups hold a slot, and give it back on failure, cancellation or expiry (R6; pending counts as used, R3).</summary>
public sealed class StorePendingTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly Duration DefaultLifetime = Duration.FromMinutes(30);

    [Fact]
    public void R6_BeginConnect_ReservesASlotUntilTheDeadline()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;

        var outcome = store.BeginConnect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);

        Assert.Equal(OutcomeStatus.Reserved, outcome.Status);
        Assert.Equal(1, store.SlotsInUse);
        var app = Assert.Single(store.GetApps());
        Assert.Equal(ConnectionState.Pending, app.State);
        Assert.Equal(StoreFixture.Start + DefaultLifetime, app.PendingUntil);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Reserved, entry.Kind);
        Assert.Equal(StoreFixture.Start + DefaultLifetime, entry.PendingUntil);
        Assert.Equal(1, entry.SlotsInUse);
    }

    [Fact]
    public void R6_BeginConnect_ConfiguredLifetime_SetsTheDeadline()
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog) { PendingReservationLifetime = Duration.FromMinutes(5) };
        var fixture = new StoreFixture(TestPlans.Starter, policy);
        var store = fixture.Store;

        store.BeginConnect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);
        fixture.Clock.Reset(StoreFixture.Start + Duration.FromMinutes(5));

        Assert.Equal(StoreFixture.Start + Duration.FromMinutes(5), Assert.Single(store.ExpireReservations()).PendingUntil);
        Assert.Equal(0, store.SlotsInUse);
    }

    [Fact]
    public void R3_BeginConnect_PendingCountsTowardTheAllowance()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        foreach (var provider in new[] { BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati })
        {
            Assert.Equal(OutcomeStatus.Reserved, store.BeginConnect(provider, Valid(provider), Merchant).Status);
        }

        var outcome = store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal(OutcomeStatus.LimitReached, outcome.Status);
        Assert.Equal(3, store.SlotsInUse);
        Assert.All(store.GetApps(), a => Assert.Equal(ConnectionState.Pending, a.State));
    }

    [Fact]
    public void R6_CompleteConnect_OneTickBeforeTheDeadline_ActivatesInTheSameSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);
        fixture.Clock.Reset(StoreFixture.Start + DefaultLifetime - Duration.Epsilon);

        var outcome = store.CompleteConnect(BuiltInProviders.AmazonSellerCentral.Key, Merchant);

        Assert.Equal(OutcomeStatus.Activated, outcome.Status);
        Assert.Equal(1, store.SlotsInUse);
        var app = Assert.Single(store.GetApps());
        Assert.Equal(ConnectionState.Active, app.State);
        Assert.Null(app.PendingUntil);
        Assert.Equal(StoreFixture.Start, app.ConnectedAt);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Activated, entry.Kind);
        Assert.Equal(1, entry.SlotsInUse);
    }

    [Fact]
    public void R6_CompleteConnect_AtExactlyTheDeadline_AnswersExpiredAndFreesTheSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);
        var deadline = StoreFixture.Start + DefaultLifetime;
        fixture.Clock.Reset(deadline);

        var outcome = store.CompleteConnect(BuiltInProviders.AmazonSellerCentral.Key, Merchant);

        Assert.Equal(OutcomeStatus.ReservationExpired, outcome.Status);
        Assert.Equal(0, store.SlotsInUse);
        Assert.Empty(store.GetApps());
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Expired, entry.Kind);
        Assert.Equal(deadline, entry.At);
        Assert.Equal(Actor.System, entry.Actor);
        Assert.Equal(0, entry.SlotsInUse);
    }

    [Fact]
    public void R6_FailConnect_ReleasesTheSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);
        fixture.Clock.AdvanceMinutes(3);

        var outcome = store.FailConnect(BuiltInProviders.AmazonSellerCentral.Key, Merchant);

        Assert.Equal(OutcomeStatus.Released, outcome.Status);
        Assert.Equal(0, store.SlotsInUse);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.Released, entry.Kind);
        Assert.Equal(Merchant, entry.Actor);
        Assert.Equal(StoreFixture.Start + Duration.FromMinutes(3), entry.At);
    }

    [Fact]
    public void R6_FailConnect_AtTheLimit_FreesTheSlotForTheNextConnect()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        Assert.Equal(OutcomeStatus.LimitReached, store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant).Status);

        store.FailConnect(BuiltInProviders.Wati.Key, Merchant);
        var outcome = store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal(OutcomeStatus.Connected, outcome.Status);
        Assert.Equal(3, store.SlotsInUse);
    }

    [Fact]
    public void R6_ExpireReservations_OneTickBeforeTheDeadline_ExpiresNothing()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);
        fixture.Clock.Reset(StoreFixture.Start + DefaultLifetime - Duration.Epsilon);
        var before = StoreState.Of(store);

        var expired = store.ExpireReservations();

        Assert.Empty(expired);
        Assert.Equal(1, store.SlotsInUse);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R6_ExpireReservations_AtTheDeadline_FreesOnlyTheDueSlots()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);
        fixture.Clock.AdvanceMinutes(10);
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        fixture.Clock.Reset(StoreFixture.Start + DefaultLifetime);

        var expired = store.ExpireReservations();

        Assert.Equal(BuiltInProviders.Shiprocket.Key, Assert.Single(expired).Key);
        Assert.Equal(2, store.SlotsInUse);
        Assert.Equal(["razorpay", "wati"], store.GetApps().Select(a => a.Key.Value).Order(StringComparer.Ordinal));
        Assert.Equal(SlotEntryKind.Expired, store.Ledger.Entries[^1].Kind);
        Assert.Equal(BuiltInProviders.Shiprocket.Key, store.Ledger.Entries[^1].Provider);
    }

    [Fact]
    public void R6_ExpireReservations_FreedSlot_IsUsableByTheNextConnect()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        fixture.Clock.Advance(DefaultLifetime);

        Assert.Single(store.ExpireReservations());
        var outcome = store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal(OutcomeStatus.Connected, outcome.Status);
        Assert.Equal(3, store.SlotsInUse);
        Assert.DoesNotContain(store.GetApps(), a => a.Key == BuiltInProviders.Wati.Key);
    }

    [Fact]
    public void R6_Connect_AfterAnAbandonedSetup_LazilyExpiresItAndUsesTheSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        var deadline = StoreFixture.Start + DefaultLifetime;
        fixture.Clock.Reset(deadline + Duration.FromHours(6));

        var outcome = store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        Assert.Equal(OutcomeStatus.Connected, outcome.Status);
        Assert.Equal(3, store.SlotsInUse);
        var expired = store.Ledger.Entries[^2];
        Assert.Equal(SlotEntryKind.Expired, expired.Kind);
        Assert.Equal(BuiltInProviders.Wati.Key, expired.Provider);
        Assert.Equal(Actor.System, expired.Actor);
        Assert.Equal(SlotEntryKind.Connected, store.Ledger.Entries[^1].Kind);
        Assert.True(store.Ledger.Verify().IsValid);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void R6_CompleteOrFailConnect_AfterAScheduledSweepExpiredIt_AnswersReservationExpired(bool complete)
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        fixture.Clock.Advance(DefaultLifetime);
        Assert.Single(store.ExpireReservations());
        var before = StoreState.Of(store);

        var outcome = complete ? store.CompleteConnect(BuiltInProviders.Wati.Key, Merchant) : store.FailConnect(BuiltInProviders.Wati.Key, Merchant);

        Assert.Equal(OutcomeStatus.ReservationExpired, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R6_CompleteConnect_NeverReserved_AnswersNotConnected()
    {
        var store = new StoreFixture(TestPlans.Starter).Store;

        Assert.Equal(OutcomeStatus.NotConnected, store.CompleteConnect(BuiltInProviders.Wati.Key, Merchant).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void R6_CompleteOrFailConnect_ActiveApp_IsNotPendingAndKeepsIt(bool complete)
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = complete ? store.CompleteConnect(BuiltInProviders.MetaPixel.Key, Merchant) : store.FailConnect(BuiltInProviders.MetaPixel.Key, Merchant);

        Assert.Equal(OutcomeStatus.NotPending, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R6_FromLedger_AfterReserveActivateAndExpiry_ReproducesTheStore()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);
        fixture.Clock.AdvanceMinutes(2);
        store.CompleteConnect(BuiltInProviders.Razorpay.Key, Merchant);
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        fixture.Clock.AdvanceHours(1);
        store.ExpireReservations();
        store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);

        var replayed = Store.FromLedger(store.Ledger, store.Policy, fixture.Clock);

        Assert.Equal(StoreState.Of(store), StoreState.Of(replayed));
        Assert.Equal(StoreFixture.Start + Duration.FromMinutes(62) + DefaultLifetime, replayed.GetApps().Single(a => a.State == ConnectionState.Pending).PendingUntil);
    }
}
