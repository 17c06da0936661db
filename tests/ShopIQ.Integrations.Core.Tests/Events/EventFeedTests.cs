using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;
namespace ShopIQ.Integrations.Core.Tests.Events;

/// <summary>The feed of saved changes' events: what a change keeps, how the bytes read back, and how pages are cut.</summary>
public sealed class EventFeedTests
{
    private static readonly StoreId Store = new("store-feed");
    private static readonly Actor Who = Actor.Merchant("m-1");
    private static readonly Instant At = Instant.FromUtc(2026, 12, 5, 9, 0);
    private static readonly ConnectionId One = new(Guid.Parse("0b3c46a2-8d57-4a4e-9f0e-3f2f7f1c9a10"));
    private static readonly ConnectionId Two = new(Guid.Parse("7d0f0a8e-2f5e-4c68-a1b4-2a9cbbd04e77"));

    /// <summary>One of every event a change keeps, with values unlike their neighbours so a field read into another shows.</summary>
    public static IReadOnlyList<StoreEvent> OneOfEach() =>
    [
        new AllowanceRaised(Store, Who, At, new PlanId("growth"), SlotAllowance.Of(3), SlotAllowance.Unlimited),
        new AppConnected(Store, Actor.Support("s-9"), At + Duration.FromTicks(1), new ProviderKey("razorpay"), One, ProviderCategory.Payments, 2, SlotAllowance.Of(5)),
        new AppDisconnected(Store, Who, At, new ProviderKey("wati"), Two, 1, SlotAllowance.Of(4)),
        new AppNeedsAttention(Store, Actor.System, At, new ProviderKey("shiprocket"), One, AttentionReason.CredentialsRevoked),
        new AppReconnected(Store, Who, At, new ProviderKey("shiprocket"), Two),
        new AppReplaced(Store, Who, At, new ProviderKey("wati"), One, new ProviderKey("meta-pixel"), Two, 3, SlotAllowance.Of(7)),
        new ConnectionActivated(Store, Who, At, new ProviderKey("google-analytics"), Two),
        new ConnectionReserved(Store, Who, At, new ProviderKey("amazon-seller-central"), One, At + Duration.FromMinutes(30), 4, SlotAllowance.Of(9)),
        new PlanChanged(Store, Who, At, new PlanId("pro"), new PlanId("starter"), SlotAllowance.Of(3), 2),
        new ReservationExpired(Store, Actor.System, At, new ProviderKey("wati"), Two, At - Duration.FromSeconds(1), 0, SlotAllowance.Of(2)),
        new ReservationReleased(Store, Who, At, new ProviderKey("razorpay"), One, 5, SlotAllowance.Unlimited),
        new SlotsNearlyFull(Store, Who, At, 8, SlotAllowance.Of(10), 0.8),
    ];

    [Fact]
    public void EveryKeptEventType_ReadsBackAsWritten()
    {
        var events = OneOfEach();
        var kept = typeof(StoreEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(StoreEvent)) && !t.IsAbstract && t != typeof(ConnectRefusedAtLimit));
        Assert.Equal(kept.Select(t => t.Name).Order(), events.Select(e => e.GetType().Name).Order());

        var bytes = new ChangeEvents(Store, 12, events).ToBytes();
        var read = ChangeEvents.FromBytes(Store, 12, bytes.Span).ToFeedEvents(new FeedPosition(40, 12));

        Assert.Equal(events.Select(e => e.ToString()), read.Select(f => f.Event.ToString()));
        Assert.Equal(events.Select((_, i) => $"store-feed/12/{i}"), read.Select(f => f.Id.ToString()));
        Assert.All(read, f => Assert.Equal(new FeedPosition(40, 12), f.Position));
    }

    [Fact]
    public void ChangedBytes_AreRefused_NeverReadAsOtherEvents()
    {
        var bytes = new ChangeEvents(Store, 3, OneOfEach()).ToBytes().ToArray();
        for (var i = 0; i < bytes.Length; i += 7)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x20;
            Assert.Throws<FormatException>(() => ChangeEvents.FromBytes(Store, 3, changed).ToFeedEvents(FeedPosition.Start));
        }

        Assert.Throws<FormatException>(() => ChangeEvents.FromBytes(Store, 3, bytes.AsSpan(0, 9)).ToFeedEvents(FeedPosition.Start));
    }

    [Fact]
    public void ConnectRefusedAtLimit_IsNotKept_TheSinksStillGetIt()
    {
        Assert.False(StoreEventFormat.IsKept(new ConnectRefusedAtLimit(Store, Who, At, new ProviderKey("wati"), 3, SlotAllowance.Of(3))));
        Assert.All(OneOfEach(), e => Assert.True(StoreEventFormat.IsKept(e)));
    }

    [Fact]
    public async Task TheFeed_HoldsWhatTheSinksGot_ButRefusalsAtTheLimit_InOrder()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Wati, BuiltInProviders.MetaPixel);
        var refused = await fixture.ConnectAsync(BuiltInProviders.Shiprocket.Key, BuiltInSetups.For(BuiltInProviders.Shiprocket.Key));
        Assert.Equal(OutcomeStatus.LimitReached, refused.Status);

        var page = await fixture.Repository.ReadFeedAsync(FeedPosition.Start, 1000, CancellationToken.None);

        var sunk = fixture.Sink.Events.Where(e => e is not ConnectRefusedAtLimit).Select(e => e.ToString()).ToArray();
        Assert.Contains(fixture.Sink.Events, e => e is ConnectRefusedAtLimit);
        Assert.Contains(fixture.Sink.Events, e => e is SlotsNearlyFull);
        Assert.Equal(sunk, page.Events.Select(f => f.Event.ToString()));
        Assert.Equal(page.Events[^1].Position, page.Next);
        Assert.Equal(await fixture.Repository.ReadFeedHeadAsync(CancellationToken.None), page.Next);

        var again = await fixture.Repository.ReadFeedAsync(page.Next, 1000, CancellationToken.None);
        Assert.Empty(again.Events);
        Assert.Equal(page.Next, again.Next);
    }

    [Fact]
    public async Task APage_HoldsWholeChanges_AndAChangeBiggerThanTheLimitAlone()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Wati, BuiltInProviders.MetaPixel);

        // Each connect is one change of two events (reserved, activated); the third also crosses nearly-full: three.
        var all = (await fixture.Repository.ReadFeedAsync(FeedPosition.Start, 1000, CancellationToken.None)).Events;
        Assert.Equal(7, all.Count);

        var pages = new List<FeedPage>();
        var after = FeedPosition.Start;
        while (true)
        {
            var page = await fixture.Repository.ReadFeedAsync(after, 1, CancellationToken.None);
            if (page.Events.Count == 0)
            {
                break;
            }

            pages.Add(page);
            Assert.True(page.Next > after);
            after = page.Next;
        }

        Assert.Equal([2, 2, 3], pages.Select(p => p.Events.Count));
        Assert.Equal(all.Select(e => e.Id), pages.SelectMany(p => p.Events).Select(e => e.Id));
        Assert.Equal(2, (await fixture.Repository.ReadFeedAsync(FeedPosition.Start, 3, CancellationToken.None)).Events.Count);
        Assert.Equal(4, (await fixture.Repository.ReadFeedAsync(FeedPosition.Start, 4, CancellationToken.None)).Events.Count);
        Assert.Equal(4, (await fixture.Repository.ReadFeedAsync(FeedPosition.Start, 6, CancellationToken.None)).Events.Count);
    }

    [Fact]
    public void Positions_OrderByCommitThenSequence_AndRefuseNegatives()
    {
        Assert.True(new FeedPosition(2, 1) > new FeedPosition(1, 99));
        Assert.True(new FeedPosition(2, 1) < new FeedPosition(2, 2));
        Assert.Equal(FeedPosition.Start, new FeedPosition(0, 0));
        Assert.Equal("7:3", new FeedPosition(7, 3).ToString());
        Assert.Equal("commit", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedPosition(-1, 0)).ParamName);
        Assert.Equal("sequence", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedPosition(0, -1)).ParamName);
    }

    [Fact]
    public async Task BadReads_AreRefused_NamingTheValue()
    {
        var repository = new InMemoryStoreRepository();
        Assert.Equal("maxEvents", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => repository.ReadFeedAsync(FeedPosition.Start, 0, CancellationToken.None))).ParamName);
        Assert.Equal("sequence", Assert.Throws<ArgumentOutOfRangeException>(() => new StoreEventId(Store, 0, 0)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => new StoreEventId(Store, 1, -1)).ParamName);
    }
}
