using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Every slot change, refusal at the limit, nearly-full crossing, plan change and expiry is a domain event with store, actor and instant (R18).</summary>
public sealed class StoreEventsTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly Actor Agent = Actor.Support("agent-7");

    [Fact]
    public void R18_Connect_RaisesAppConnectedWithStoreActorAndInstant()
    {
        var fixture = new StoreFixture(TestPlans.Pro);
        var store = fixture.Store;
        fixture.Clock.AdvanceMinutes(7);

        store.Connect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Agent);

        var connected = Assert.IsType<AppConnected>(Assert.Single(store.TakeEvents()));
        AssertStamped(connected, store, Agent, StoreFixture.Start + Duration.FromMinutes(7));
        Assert.Equal(BuiltInProviders.Wati.Key, connected.Provider);
        Assert.Equal(ProviderCategory.WhatsAppMessaging, connected.Category);
        Assert.Equal(1, connected.SlotsInUse);
        Assert.Equal(SlotAllowance.Of(10), connected.Allowance);
    }

    [Fact]
    public void R18_Disconnect_RaisesAppDisconnectedWithTheFreedCount()
    {
        var fixture = new StoreFixture(TestPlans.Pro).With(BuiltInProviders.MetaPixel, BuiltInProviders.Razorpay);
        var store = fixture.Store;
        fixture.Clock.AdvanceHours(2);

        store.Disconnect(BuiltInProviders.MetaPixel.Key, Agent);

        var disconnected = Assert.IsType<AppDisconnected>(Assert.Single(store.TakeEvents()));
        AssertStamped(disconnected, store, Agent, StoreFixture.Start + Duration.FromHours(2));
        Assert.Equal(BuiltInProviders.MetaPixel.Key, disconnected.Provider);
        Assert.Equal(1, disconnected.SlotsInUse);
    }

    [Fact]
    public void R18_Replace_RaisesAppReplaced()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        fixture.Clock.AdvanceMinutes(1);

        store.Replace(BuiltInProviders.MetaPixel.Key, BuiltInProviders.AmazonSellerCentral, Valid(BuiltInProviders.AmazonSellerCentral), Merchant);

        var replaced = Assert.IsType<AppReplaced>(Assert.Single(store.TakeEvents()));
        AssertStamped(replaced, store, Merchant, StoreFixture.Start + Duration.FromMinutes(1));
        Assert.Equal(BuiltInProviders.MetaPixel.Key, replaced.Replaced);
        Assert.Equal(BuiltInProviders.AmazonSellerCentral.Key, replaced.Replacement);
        Assert.Equal(1, replaced.SlotsInUse);
    }

    [Fact]
    public void R18_ConnectAtTheLimit_RaisesConnectRefusedAtLimit()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        fixture.Clock.AdvanceSeconds(30);

        store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        var refused = Assert.IsType<ConnectRefusedAtLimit>(Assert.Single(store.TakeEvents()));
        AssertStamped(refused, store, Merchant, StoreFixture.Start + Duration.FromSeconds(30));
        Assert.Equal(BuiltInProviders.GoogleAnalytics.Key, refused.Provider);
        Assert.Equal(3, refused.SlotsInUse);
        Assert.Equal(SlotAllowance.Of(3), refused.Allowance);
    }

    [Fact]
    public void R18_Connect_CrossingTheDefaultThreshold_RaisesSlotsNearlyFullOnce()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;
        var nearlyFullAfter = new List<int>();

        foreach (var provider in new[] { BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati, BuiltInProviders.GoogleAnalytics, BuiltInProviders.MetaPixel })
        {
            store.Connect(provider, Valid(provider), Merchant);
            if (store.TakeEvents().OfType<SlotsNearlyFull>().Any())
            {
                nearlyFullAfter.Add(store.SlotsInUse);
            }
        }

        Assert.Equal([4], nearlyFullAfter);
    }

    [Fact]
    public void R18_Connect_CrossingAConfiguredThreshold_RaisesSlotsNearlyFullWithIt()
    {
        var policy = new ConnectedAppsPolicy(TestPlans.Catalog) { NearlyFullThreshold = 0.6 };
        var fixture = new StoreFixture(TestPlans.Starter, policy).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;
        fixture.Clock.AdvanceMinutes(9);

        store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Agent);

        var events = store.TakeEvents();
        Assert.IsType<AppConnected>(events[0]);
        var nearlyFull = Assert.IsType<SlotsNearlyFull>(Assert.Single(events, e => e is SlotsNearlyFull));
        AssertStamped(nearlyFull, store, Agent, StoreFixture.Start + Duration.FromMinutes(9));
        Assert.Equal(2, nearlyFull.SlotsInUse);
        Assert.Equal(SlotAllowance.Of(3), nearlyFull.Allowance);
        Assert.Equal(0.6, nearlyFull.Threshold);
    }

    [Fact]
    public void R18_NearlyFull_DroppingBelowAndCrossingAgain_RaisesItAgain()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Razorpay);
        var store = fixture.Store;

        store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant);
        var afterDisconnect = store.TakeEvents();
        store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant);
        var afterConnect = store.TakeEvents();

        Assert.DoesNotContain(afterDisconnect, e => e is SlotsNearlyFull);
        Assert.Equal(3, Assert.IsType<SlotsNearlyFull>(Assert.Single(afterConnect, e => e is SlotsNearlyFull)).SlotsInUse);
    }

    [Fact]
    public void R18_BeginConnect_CrossingTheThreshold_RaisesReservedAndNearlyFull()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;

        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);

        var events = store.TakeEvents();
        var reserved = Assert.IsType<ConnectionReserved>(events[0]);
        Assert.Equal(StoreFixture.Start + Duration.FromMinutes(30), reserved.PendingUntil);
        Assert.Equal(3, reserved.SlotsInUse);
        Assert.Single(events, e => e is SlotsNearlyFull);
    }

    [Fact]
    public void R18_UnlimitedPlan_IsNeverNearlyFull()
    {
        var fixture = new StoreFixture(TestPlans.Enterprise);
        var store = fixture.Store;

        for (var i = 0; i < 12; i++)
        {
            var tool = StoreFixture.Provider($"tool-{i}", ProviderCategory.Other);
            store.Connect(tool, Valid(tool), Merchant);
        }

        var events = store.TakeEvents();
        Assert.Equal(12, events.Count(e => e is AppConnected));
        Assert.DoesNotContain(events, e => e is SlotsNearlyFull);
    }

    [Fact]
    public void R18_ChangePlan_RaisesPlanChangedWithFromAndTo()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        fixture.Clock.AdvanceDays(10);

        store.ChangePlan(TestPlans.Growth.Id, Agent);

        var changed = Assert.IsType<PlanChanged>(Assert.Single(store.TakeEvents()));
        AssertStamped(changed, store, Agent, StoreFixture.Start + Duration.FromDays(10));
        Assert.Equal(TestPlans.Starter.Id, changed.From);
        Assert.Equal(TestPlans.Growth.Id, changed.To);
        Assert.Equal(SlotAllowance.Of(5), changed.Allowance);
        Assert.Equal(1, changed.SlotsInUse);
    }

    [Fact]
    public void R18_DowngradeNamingApps_RaisesEachDisconnectThenPlanChangedThenNearlyFull()
    {
        var fixture = new StoreFixture(TestPlans.Pro).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);
        var store = fixture.Store;

        store.ChangePlan(TestPlans.Starter.Id, [BuiltInProviders.MetaPixel.Key], [], Merchant);

        var events = store.TakeEvents();
        Assert.Equal([typeof(AppDisconnected), typeof(PlanChanged), typeof(SlotsNearlyFull)], events.Select(e => e.GetType()));
        Assert.Equal(BuiltInProviders.MetaPixel.Key, ((AppDisconnected)events[0]).Provider);
        Assert.All(events, e => Assert.Equal(Merchant, e.Actor));
        Assert.All(events, e => Assert.Equal(store.Id, e.StoreId));
    }

    [Fact]
    public void R18_ReservationExpiry_RaisesReservationExpiredBySystemAtTheDeadline()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        store.TakeEvents();
        var deadline = StoreFixture.Start + Duration.FromMinutes(30);
        fixture.Clock.Reset(deadline);

        store.ExpireReservations();

        var expired = Assert.IsType<ReservationExpired>(Assert.Single(store.TakeEvents()));
        AssertStamped(expired, store, Actor.System, deadline);
        Assert.Equal(deadline, expired.Deadline);
        Assert.Equal(BuiltInProviders.Wati.Key, expired.Provider);
        Assert.Equal(0, expired.SlotsInUse);
    }

    [Fact]
    public void R18_LazyExpiry_RaisesReservationExpiredBeforeTheOperationsOwnEvent()
    {
        var fixture = new StoreFixture(TestPlans.Pro);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        store.TakeEvents();
        fixture.Clock.AdvanceHours(1);

        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        var events = store.TakeEvents();
        Assert.Equal([typeof(ReservationExpired), typeof(AppConnected)], events.Select(e => e.GetType()));
        Assert.Equal(Actor.System, events[0].Actor);
        Assert.Equal(Merchant, events[1].Actor);
    }

    [Fact]
    public void R18_CompleteAndFailConnect_RaiseActivatedAndReleased()
    {
        var fixture = new StoreFixture(TestPlans.Pro);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        store.TakeEvents();
        fixture.Clock.AdvanceMinutes(4);

        store.CompleteConnect(BuiltInProviders.Razorpay.Key, Merchant);
        store.FailConnect(BuiltInProviders.Wati.Key, Agent);

        var events = store.TakeEvents();
        var activated = Assert.IsType<ConnectionActivated>(events[0]);
        var released = Assert.IsType<ReservationReleased>(events[1]);
        Assert.Equal(2, events.Count);
        Assert.Equal(BuiltInProviders.Razorpay.Key, activated.Provider);
        Assert.Equal(Merchant, activated.Actor);
        Assert.Equal(BuiltInProviders.Wati.Key, released.Provider);
        Assert.Equal(Agent, released.Actor);
        Assert.Equal(1, released.SlotsInUse);
        Assert.All(events, e => Assert.Equal(StoreFixture.Start + Duration.FromMinutes(4), e.At));
    }

    [Fact]
    public void R18_NeedsAttentionAndReconnect_RaiseTheirEvents()
    {
        var provider = new Actor(ActorKind.Provider, "shiprocket");
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Shiprocket);
        var store = fixture.Store;

        store.MarkNeedsAttention(BuiltInProviders.Shiprocket.Key, AttentionReason.CredentialsRevoked, provider);
        store.Reconnect(BuiltInProviders.Shiprocket.Key, Valid(BuiltInProviders.Shiprocket), Merchant);

        var events = store.TakeEvents();
        var attention = Assert.IsType<AppNeedsAttention>(events[0]);
        var reconnected = Assert.IsType<AppReconnected>(events[1]);
        Assert.Equal(provider, attention.Actor);
        Assert.Equal(AttentionReason.CredentialsRevoked, attention.Reason);
        Assert.Equal(Merchant, reconnected.Actor);
        Assert.Equal(BuiltInProviders.Shiprocket.Key, reconnected.Provider);
    }

    [Fact]
    public void R18_ApplyCatalog_RaisedAllowance_RaisesAllowanceRaised()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;

        store.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(6))), Actor.System);

        var raised = Assert.IsType<AllowanceRaised>(Assert.Single(store.TakeEvents()));
        Assert.Equal(store.Id, raised.StoreId);
        Assert.Equal(Actor.System, raised.Actor);
        Assert.Equal(TestPlans.Starter.Id, raised.Plan);
        Assert.Equal(SlotAllowance.Of(3), raised.From);
        Assert.Equal(SlotAllowance.Of(6), raised.To);
    }

    [Fact]
    public void R18_RefusalsOtherThanTheLimit_RaiseNoEvent()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay);
        var store = fixture.Store;

        store.Connect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant);
        store.Disconnect(BuiltInProviders.Razorpay.Key, Merchant);
        store.Connect(BuiltInProviders.Wati, BuiltInProviders.Wati.CheckFields(ProviderSetup.Empty), Merchant);
        store.ChangePlan(TestPlans.Free.Id, Merchant);

        Assert.Empty(store.TakeEvents());
    }

    [Fact]
    public void R18_TakeEvents_HandsEachEventOutOnce()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant);

        var first = store.TakeEvents();
        var second = store.TakeEvents();

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Empty(store.PendingEvents);
    }

    /// <summary>Every event says which store, who acted and when (R18).</summary>
    private static void AssertStamped(StoreEvent storeEvent, Store store, Actor actor, Instant at)
    {
        Assert.Equal(store.Id, storeEvent.StoreId);
        Assert.Equal(actor, storeEvent.Actor);
        Assert.Equal(at, storeEvent.At);
    }
}
