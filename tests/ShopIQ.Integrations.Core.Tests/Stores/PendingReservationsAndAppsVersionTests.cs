using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// A store always knows its earliest reservation deadline, so that a sweep finds it (R6): through reservations made,
/// completed, failed and disconnected, and when it is rebuilt from its ledger or its snapshot. Its apps version moves
/// exactly when the live apps change, so an acknowledgement goes stale then and only then (R8): a reservation, a failed
/// or expired one, a disconnected pending app and a second attention mark leave it; an activation, a connect, an
/// attention mark and a disconnect of a live app move it.
/// </summary>
public sealed class PendingReservationsAndAppsVersionTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    [Fact]
    public void R6_EarliestDeadline_FollowsReservationsAsTheyAreMadeCompletedFailedAndDisconnected()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;
        Assert.Null(store.NextReservationDeadline());

        Assert.True(store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).IsSuccess);
        var razorpay = Deadline(store, BuiltInProviders.Razorpay.Key);
        fixture.Clock.AdvanceMinutes(1);
        Assert.True(store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant).IsSuccess);
        var shiprocket = Deadline(store, BuiltInProviders.Shiprocket.Key);
        fixture.Clock.AdvanceMinutes(1);
        Assert.True(store.BeginConnect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant).IsSuccess);
        var metaPixel = Deadline(store, BuiltInProviders.MetaPixel.Key);
        Assert.True(razorpay < shiprocket && shiprocket < metaPixel);

        Assert.Equal(razorpay, store.NextReservationDeadline());
        AssertRebuiltStoresAgree(store, fixture);

        Assert.True(store.CompleteConnect(BuiltInProviders.Razorpay.Key, Merchant).IsSuccess);
        Assert.Equal(shiprocket, store.NextReservationDeadline());
        AssertRebuiltStoresAgree(store, fixture);

        Assert.True(store.FailConnect(BuiltInProviders.Shiprocket.Key, Merchant).IsSuccess);
        Assert.Equal(metaPixel, store.NextReservationDeadline());
        AssertRebuiltStoresAgree(store, fixture);

        Assert.True(store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant).IsSuccess);
        Assert.Null(store.NextReservationDeadline());
        AssertRebuiltStoresAgree(store, fixture);
    }

    [Fact]
    public void R8_AppsVersion_MovesOnlyWhenTheLiveAppsChange()
    {
        var fixture = new StoreFixture(TestPlans.Growth);
        var store = fixture.Store;
        var version = store.AppsVersion;

        Assert.True(store.BeginConnect(BuiltInProviders.Razorpay, Valid(BuiltInProviders.Razorpay), Merchant).IsSuccess);
        Assert.True(store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant).IsSuccess);
        Assert.True(store.BeginConnect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant).IsSuccess);
        Assert.Equal(version, store.AppsVersion);

        Assert.True(store.FailConnect(BuiltInProviders.Shiprocket.Key, Merchant).IsSuccess);
        Assert.True(store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant).IsSuccess);
        Assert.Equal(version, store.AppsVersion);

        Assert.True(store.CompleteConnect(BuiltInProviders.Razorpay.Key, Merchant).IsSuccess);
        version = AssertMovedToTheLastEntry(store, version);

        Assert.True(store.MarkNeedsAttention(BuiltInProviders.Razorpay.Key, AttentionReason.CredentialsExpired, Merchant).IsSuccess);
        version = AssertMovedToTheLastEntry(store, version);
        Assert.True(store.MarkNeedsAttention(BuiltInProviders.Razorpay.Key, AttentionReason.CredentialsRevoked, Merchant).IsSuccess);
        Assert.Equal(version, store.AppsVersion);

        Assert.True(store.Connect(BuiltInProviders.MetaPixel, Valid(BuiltInProviders.MetaPixel), Merchant).IsSuccess);
        version = AssertMovedToTheLastEntry(store, version);

        Assert.True(store.BeginConnect(BuiltInProviders.Shiprocket, Valid(BuiltInProviders.Shiprocket), Merchant).IsSuccess);
        fixture.Clock.Advance(store.Policy.PendingReservationLifetime);
        Assert.Single(store.ExpireReservations());
        Assert.Equal(version, store.AppsVersion);

        Assert.True(store.Disconnect(BuiltInProviders.MetaPixel.Key, Merchant).IsSuccess);
        version = AssertMovedToTheLastEntry(store, version);
        Assert.Equal(version, Store.FromLedger(store.Ledger, store.Policy, fixture.Clock).AppsVersion);
    }

    /// <summary>The apps version moved, to the sequence of the entry just written (the doc of <see cref="Store.AppsVersion"/>).</summary>
    private static long AssertMovedToTheLastEntry(Store store, long before)
    {
        Assert.NotEqual(before, store.AppsVersion);
        Assert.Equal(store.Version, store.AppsVersion);
        return store.AppsVersion;
    }

    private static NodaTime.Instant Deadline(Store store, ProviderKey key) =>
        store.GetApps().Single(a => a.Key == key).PendingUntil!.Value;

    /// <summary>The same store rebuilt from its whole ledger and from its snapshot's bytes knows the same earliest deadline.</summary>
    private static void AssertRebuiltStoresAgree(Store store, StoreFixture fixture)
    {
        var fromLedger = Store.FromLedger(store.Ledger, store.Policy, fixture.Clock);
        var stored = StoreSnapshot.FromBytes(store.Id, store.Version, store.TakeSnapshot().ToBytes().Span);
        var fromSnapshot = Store.TryFromSnapshot(stored, [], store.Policy, fixture.Clock, out var problem);

        Assert.True(fromSnapshot is not null, problem);
        Assert.Equal(store.NextReservationDeadline(), fromLedger.NextReservationDeadline());
        Assert.Equal(store.NextReservationDeadline(), fromSnapshot.NextReservationDeadline());
    }
}
