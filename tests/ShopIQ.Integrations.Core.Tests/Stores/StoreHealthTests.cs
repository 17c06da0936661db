using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>Health states and what they cost: pending, active and needs-attention hold their slot; only disconnected frees it (R17).</summary>
public sealed class StoreHealthTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly Actor RazorpayWebhook = new(ActorKind.Provider, "razorpay");

    [Fact]
    public void R17_MarkNeedsAttention_ActiveApp_KeepsItsSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        fixture.Clock.AdvanceDays(1);

        var outcome = store.MarkNeedsAttention(BuiltInProviders.Razorpay.Key, AttentionReason.CredentialsRevoked, RazorpayWebhook);

        Assert.Equal(OutcomeStatus.MarkedNeedsAttention, outcome.Status);
        Assert.Equal(2, store.SlotsInUse);
        var app = store.GetApps().Single(a => a.Key == BuiltInProviders.Razorpay.Key);
        Assert.Equal(ConnectionState.NeedsAttention, app.State);
        Assert.Equal(AttentionReason.CredentialsRevoked, app.AttentionReason);
        var entry = store.Ledger.Entries[^1];
        Assert.Equal(SlotEntryKind.MarkedNeedsAttention, entry.Kind);
        Assert.Equal(AttentionReason.CredentialsRevoked, entry.AttentionReason);
        Assert.Equal(RazorpayWebhook, entry.Actor);
        Assert.Equal(2, entry.SlotsInUse);
    }

    [Fact]
    public void R17_NeedsAttentionApp_StillCountsTowardTheLimit()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        store.MarkNeedsAttention(BuiltInProviders.Wati.Key, AttentionReason.CredentialsExpired, Merchant);
        store.MarkNeedsAttention(BuiltInProviders.Shiprocket.Key, AttentionReason.PermissionRemoved, Merchant);

        var outcome = store.Connect(BuiltInProviders.GoogleAnalytics, Valid(BuiltInProviders.GoogleAnalytics), Merchant);

        Assert.Equal(OutcomeStatus.LimitReached, outcome.Status);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(2, store.GetApps().Count(a => a.State == ConnectionState.NeedsAttention));
    }

    [Fact]
    public void R17_Reconnect_NeedsAttentionApp_KeepsTheSameConnectionAndSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati);
        var store = fixture.Store;
        fixture.Clock.AdvanceDays(2);
        store.MarkNeedsAttention(BuiltInProviders.Shiprocket.Key, AttentionReason.CredentialsExpired, Merchant);
        fixture.Clock.AdvanceHours(3);
        var connectedAt = store.GetApps().Single(a => a.Key == BuiltInProviders.Shiprocket.Key).ConnectedAt;
        var entries = store.Ledger.Entries.Count;

        var outcome = store.Reconnect(BuiltInProviders.Shiprocket.Key, Valid(BuiltInProviders.Shiprocket), Merchant);

        Assert.Equal(OutcomeStatus.Reconnected, outcome.Status);
        Assert.Equal(3, store.SlotsInUse);
        Assert.Equal(3, store.GetApps().Count);
        var app = store.GetApps().Single(a => a.Key == BuiltInProviders.Shiprocket.Key);
        Assert.Equal(ConnectionState.Active, app.State);
        Assert.Null(app.AttentionReason);
        Assert.Equal(connectedAt, app.ConnectedAt);
        Assert.Equal(StoreFixture.Start, app.ConnectedAt);
        Assert.Equal(entries + 1, store.Ledger.Entries.Count);
        Assert.Equal(SlotEntryKind.Reconnected, store.Ledger.Entries[^1].Kind);
        Assert.Equal(3, store.Ledger.Entries[^1].SlotsInUse);
    }

    [Fact]
    public void R17_Reconnect_WithInvalidSetup_LeavesTheAppNeedingAttention()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.Shiprocket);
        var store = fixture.Store;
        store.MarkNeedsAttention(BuiltInProviders.Shiprocket.Key, AttentionReason.CredentialsExpired, Merchant);
        var validation = BuiltInProviders.Shiprocket.CheckFields(ProviderSetup.Empty.With("api-user-email", "ops@store.example"));
        var before = StoreState.Of(store);

        var outcome = store.Reconnect(BuiltInProviders.Shiprocket.Key, validation, Merchant);

        Assert.Equal(OutcomeStatus.SetupInvalid, outcome.Status);
        Assert.Equal("api-user-password", Assert.Single(outcome.SetupErrors()).Field);
        Assert.Equal(ConnectionState.NeedsAttention, Assert.Single(store.GetApps()).State);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R17_Disconnect_NeedsAttentionApp_FreesItsSlot()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral, BuiltInProviders.Razorpay);
        var store = fixture.Store;
        store.MarkNeedsAttention(BuiltInProviders.MetaPixel.Key, AttentionReason.PermissionRemoved, Merchant);

        var outcome = store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant);

        Assert.Equal(OutcomeStatus.Disconnected, outcome.Status);
        Assert.Equal(2, store.SlotsInUse);
        Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant).Status);
    }

    [Fact]
    public void R17_MarkNeedsAttention_PendingApp_IsWrongStateAndKeepsItPending()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        var before = StoreState.Of(store);

        var outcome = store.MarkNeedsAttention(BuiltInProviders.Wati.Key, AttentionReason.ProviderReported, Merchant);

        Assert.Equal(OutcomeStatus.WrongState, outcome.Status);
        Assert.Equal(ConnectionState.Pending, Assert.Single(store.GetApps()).State);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R17_Reconnect_PendingApp_IsWrongState()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        store.BeginConnect(BuiltInProviders.Wati, Valid(BuiltInProviders.Wati), Merchant);
        var before = StoreState.Of(store);

        var outcome = store.Reconnect(BuiltInProviders.Wati.Key, Valid(BuiltInProviders.Wati), Merchant);

        Assert.Equal(OutcomeStatus.WrongState, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R17_MarkNeedsAttention_AppNotConnected_AnswersNotConnected()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel);
        var store = fixture.Store;
        var before = StoreState.Of(store);

        var outcome = store.MarkNeedsAttention(BuiltInProviders.Razorpay.Key, AttentionReason.CredentialsRevoked, Merchant);

        Assert.Equal(OutcomeStatus.NotConnected, outcome.Status);
        Assert.Equal(before, StoreState.Of(store));
    }

    [Fact]
    public void R17_Apps_NeverListADisconnectedApp()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(BuiltInProviders.MetaPixel, BuiltInProviders.AmazonSellerCentral);
        var store = fixture.Store;

        store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant);

        var app = Assert.Single(store.GetApps());
        Assert.Equal(BuiltInProviders.AmazonSellerCentral.Key, app.Key);
        Assert.DoesNotContain(store.GetApps(), a => a.State == ConnectionState.Disconnected);
        Assert.Equal(store.GetApps().Count, store.SlotsInUse);
    }
}
