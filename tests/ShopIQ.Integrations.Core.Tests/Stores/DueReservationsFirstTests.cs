using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Stores;

/// <summary>
/// A reservation past its deadline holds no slot (R6), whoever comes first: every operation that changes a store
/// expires its due reservations before it decides, so the expiry is in the ledger before the operation's own entry,
/// and the store never decides on a slot that is already free. Also what an expiry leaves behind: which apps a late
/// answer is told expired, and that a replace moves the apps version.
/// </summary>
public sealed class DueReservationsFirstTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;
    private static readonly ProviderDescriptor Working = StoreFixture.Provider("working", ProviderCategory.Other);
    private static readonly ProviderDescriptor Waiting = StoreFixture.Provider("waiting", ProviderCategory.Other);
    private static readonly ProviderDescriptor Other = StoreFixture.Provider("other", ProviderCategory.Other);
    private static readonly ProviderDescriptor Incoming = StoreFixture.Provider("incoming", ProviderCategory.Other);

    public static TheoryData<string, Func<Store, StoreOutcome>> Operations => new()
    {
        { "change plan", s => s.ChangePlan(TestPlans.Pro.Id, [], [], Merchant) },
        { "apply a catalog", s => s.ApplyCatalog(TestPlans.Catalog.WithPlan(TestPlans.Starter.WithConnectedApps(SlotAllowance.Of(4))), Merchant) },
        { "mark needing attention", s => s.MarkNeedsAttention(Working.Key, AttentionReason.CredentialsExpired, Merchant) },
        { "reconnect", s => s.Reconnect(Working.Key, Valid(Working), Merchant) },
        { "use AI credits", s => s.UseAiCredits(1, AiUsePurpose.Analyze, Merchant) },
        { "replace", s => s.Replace(Working.Key, Incoming, Valid(Incoming), Merchant) },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void R6_EveryOperation_ExpiresADueReservationBeforeItsOwnEntry(string what, Func<Store, StoreOutcome> operation)
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(Working);
        var store = fixture.Store;
        Assert.Equal(OutcomeStatus.Reserved, store.BeginConnect(Waiting, Valid(Waiting), Merchant).Status);
        if (what == "reconnect")
        {
            store.MarkNeedsAttention(Working.Key, AttentionReason.CredentialsExpired, Merchant);
        }

        var before = store.Version;
        store.TakeEvents();
        fixture.Clock.Advance(store.Policy.PendingReservationLifetime + Duration.FromSeconds(1));

        var outcome = operation(store);

        Assert.True(outcome.IsSuccess, $"{what}: {outcome}");
        var entries = store.Ledger.Entries.Skip((int)before).ToArray();
        Assert.True(entries.Length >= 2, what);
        Assert.Equal((SlotEntryKind.Expired, Waiting.Key), (entries[0].Kind, entries[0].Provider));
        Assert.IsType<ReservationExpired>(store.TakeEvents()[0]);
        Assert.False(store.TryGetApp(Waiting.Key, out _));
    }

    [Fact]
    public void R6_TwoReservationsExpiredTogether_AreBothToldSoWhenTheirAnswersComeLate()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var first = store.BeginConnect(Waiting, Valid(Waiting), Merchant).App!.ConnectionId;
        var second = store.BeginConnect(Other, Valid(Other), Merchant).App!.ConnectionId;
        fixture.Clock.Advance(store.Policy.PendingReservationLifetime + Duration.FromSeconds(1));

        Assert.Equal(2, store.ExpireReservations().Count);

        Assert.Equal(OutcomeStatus.ReservationExpired, store.CompleteConnect(Waiting.Key, first, Merchant).Status);
        Assert.Equal(OutcomeStatus.ReservationExpired, store.CompleteConnect(Other.Key, second, Merchant).Status);
    }

    [Fact]
    public void R6_AnAppConnectedAgainAfterItsReservationExpired_IsNoLongerToldItExpired()
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var expired = store.BeginConnect(Waiting, Valid(Waiting), Merchant).App!.ConnectionId;
        fixture.Clock.Advance(store.Policy.PendingReservationLifetime + Duration.FromSeconds(1));
        Assert.Single(store.ExpireReservations());
        Assert.Equal(OutcomeStatus.Connected, store.Connect(Waiting, Valid(Waiting), Merchant).Status);
        Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(Waiting.Key, Merchant).Status);

        var late = store.CompleteConnect(Waiting.Key, expired, Merchant);

        Assert.Equal(OutcomeStatus.NotConnected, late.Status);
        var replayed = Store.FromLedger(store.Ledger, store.Policy, fixture.Clock);
        Assert.Equal(OutcomeStatus.NotConnected, replayed.CompleteConnect(Waiting.Key, expired, Merchant).Status);
    }

    [Fact]
    public void R8_AReplace_MovesTheAppsVersion()
    {
        var fixture = new StoreFixture(TestPlans.Starter).With(Working);
        var store = fixture.Store;
        var before = store.AppsVersion;

        Assert.Equal(OutcomeStatus.Replaced, store.Replace(Working.Key, Incoming, Valid(Incoming), Merchant).Status);

        Assert.Equal(store.Version, store.AppsVersion);
        Assert.NotEqual(before, store.AppsVersion);
        Assert.Equal(store.AppsVersion, Store.FromLedger(store.Ledger, store.Policy, fixture.Clock).AppsVersion);
    }
}
