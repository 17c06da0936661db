using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Diagnostics;
using ShopIQ.Integrations.Core.Tests.Diagnostics;
using ShopIQ.Integrations.Core.Tests.TestSupport;
namespace ShopIQ.Integrations.Core.Tests.Events;

/// <summary>Named subscriptions on the in-memory repository: delivery, retries and parking, checkpoints, leases, and bad input.</summary>
public sealed class EventSubscriptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ASubscription_DeliversEveryEventOfEverySavedChange_InOrder()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Growth);
        var handler = new RecordingHandler();
        await using (var host = await StartAsync(fixture.Repository, b => b.AddEventSubscription<RecordingHandler>("audit", Fast), s => s.AddSingleton(handler)))
        {
            await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Wati, BuiltInProviders.MetaPixel, BuiltInProviders.Shiprocket);
            var expected = (await fixture.Repository.ReadFeedAsync(FeedPosition.Start, 1000, CancellationToken.None)).Events;
            await WaitAsync(() => handler.Delivered.Count >= expected.Count, "every event delivered");
            Assert.Equal(expected.Select(e => e.Id), handler.Delivered.Select(e => e.Id));
        }
    }

    [Fact]
    public async Task AHandlerThatFails_IsRetried_ThenTheEventIsParked_AndTheRestGoOn_AndARetryAfterTheFixDeliversIt()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Growth);
        var handler = new RecordingHandler { FailOn = e => e.Event is ConnectionActivated { Provider.Value: "wati" } };
        await using var host = await StartAsync(fixture.Repository, b => b.AddEventSubscription<RecordingHandler>("billing", o => { Fast(o); o.MaxAttempts = 3; }), s => s.AddSingleton(handler));
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Wati, BuiltInProviders.MetaPixel);
        var feed = (await fixture.Repository.ReadFeedAsync(FeedPosition.Start, 1000, CancellationToken.None)).Events;
        var poisoned = feed.Single(e => e.Event is ConnectionActivated { Provider.Value: "wati" });

        await WaitAsync(() => handler.Delivered.Count == feed.Count - 1, "the other events delivered");
        Assert.Equal(feed.Where(e => e != poisoned).Select(e => e.Id), handler.Delivered.Select(e => e.Id));
        Assert.Equal(3, handler.Attempts(poisoned.Id));
        var subscriptions = host.Services.GetRequiredService<EventSubscriptions>();
        var parked = Assert.Single(await subscriptions.ReadParkedAsync("billing", 10, CancellationToken.None));
        Assert.Equal(poisoned.Id, parked.Event.Id);
        Assert.Equal(3, parked.Attempts);
        Assert.Contains("InvalidOperationException", parked.Reason, StringComparison.Ordinal);

        // Still broken: the retry throws and the event stays parked.
        await Assert.ThrowsAsync<InvalidOperationException>(() => subscriptions.RetryParkedAsync(parked, CancellationToken.None));
        Assert.Single(await subscriptions.ReadParkedAsync("billing", 10, CancellationToken.None));

        handler.FailOn = _ => false;
        Assert.True(await subscriptions.RetryParkedAsync(parked, CancellationToken.None));
        Assert.Equal(poisoned.Id, handler.Delivered[^1].Id);
        Assert.Empty(await subscriptions.ReadParkedAsync("billing", 10, CancellationToken.None));
        Assert.False(await subscriptions.RetryParkedAsync(parked, CancellationToken.None));
    }

    [Fact]
    public async Task Metrics_CountDeliveredRetriedAndParked_PerSubscription_AndLogsSayWhenTheLeaseIsTaken()
    {
        var counts = new ConcurrentDictionary<string, long>();
        var lags = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ConnectedAppsDiagnostics.Name && instrument.Name.StartsWith("shopiq.connected_apps.subscription.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (Tagged(tags, "metered"))
            {
                if (instrument.Name == ConnectedAppsDiagnostics.SubscriptionLagCommits)
                {
                    lags.Add(instrument.Name);
                }
                else
                {
                    counts.AddOrUpdate(instrument.Name, value, (_, n) => n + value);
                }
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (Tagged(tags, "metered"))
            {
                lags.Add(instrument.Name);
            }
        });
        listener.Start();

        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Growth);
        var handler = new RecordingHandler { FailOn = e => e.Event is ConnectionReserved { Provider.Value: "wati" } };
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(
            fixture.Repository,
            b => b.AddEventSubscription<RecordingHandler>("metered", o => { Fast(o); o.MaxAttempts = 2; }),
            s => s.AddSingleton(handler).AddLogging(l => l.AddProvider(logs)));
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Wati);
        await WaitAsync(() => handler.Delivered.Count == 3, "the other three events delivered");
        await WaitAsync(() => counts.GetValueOrDefault(ConnectedAppsDiagnostics.SubscriptionParked) == 1, "the parked event counted");
        listener.RecordObservableInstruments();

        Assert.Equal(3, counts.GetValueOrDefault(ConnectedAppsDiagnostics.SubscriptionDelivered));
        Assert.Equal(1, counts.GetValueOrDefault(ConnectedAppsDiagnostics.SubscriptionRetried));
        Assert.Contains(ConnectedAppsDiagnostics.SubscriptionLagCommits, lags);
        Assert.Contains(ConnectedAppsDiagnostics.SubscriptionLagSeconds, lags);
        Assert.Contains(logs.Lines, l => l.Contains("[17] Subscription metered: lease taken by", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("[21] Subscription metered: event", StringComparison.Ordinal) && l.Contains("parked after 2 failed attempts", StringComparison.Ordinal));
        await host.StopAsync(CancellationToken.None);
        Assert.Contains(logs.Lines, l => l.Contains("[19] Subscription metered:", StringComparison.Ordinal) && l.Contains("gave its lease up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStuckHandler_DoesNotHoldUpAnotherSubscription()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Growth);
        var stuck = new StuckHandler();
        var handler = new RecordingHandler();
        await using var host = await StartAsync(
            fixture.Repository,
            b => b.AddEventSubscription<StuckHandler>("stuck", Fast).AddEventSubscription<RecordingHandler>("audit", Fast),
            s => s.AddSingleton(stuck).AddSingleton(handler));
        await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Wati);

        // The stuck handler is entered on its own schedule: wait for it, then for the other subscription, which must
        // deliver everything while the first stays stuck on its first event.
        await stuck.Entered.Task.WaitAsync(Patience);
        await WaitAsync(() => handler.Delivered.Count == 4, "the free subscription delivered every event");
        Assert.Equal(1, stuck.Calls);
    }

    [Fact]
    public async Task ARestartedInstance_GoesOnFromItsCheckpoint_WithoutDeliveringAgain()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Growth);
        var first = new RecordingHandler();
        await using (var host = await StartAsync(fixture.Repository, b => b.AddEventSubscription<RecordingHandler>("audit", Fast), s => s.AddSingleton(first)))
        {
            await fixture.WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Wati);
            await WaitAsync(() => first.Delivered.Count == 4, "the first two connects' events delivered");
            await host.StopAsync(CancellationToken.None);
        }

        await fixture.WithAsync(BuiltInProviders.MetaPixel);
        var second = new RecordingHandler();
        await using (var host = await StartAsync(fixture.Repository, b => b.AddEventSubscription<RecordingHandler>("audit", Fast), s => s.AddSingleton(second)))
        {
            await WaitAsync(() => second.Delivered.Count >= 2, "the new events delivered");
            await Task.Delay(200);
            Assert.Equal([nameof(ConnectionReserved), nameof(ConnectionActivated)], second.Delivered.Select(e => e.Event.GetType().Name));
        }
    }

    [Fact]
    public async Task ALease_IsHeldByOneInstanceAtATime_AndTheOneThatLostItCanNoLongerWrite()
    {
        var repository = new InMemoryStoreRepository();
        var now = Instant.FromUtc(2026, 12, 5, 9, 0);
        var lease = Duration.FromSeconds(10);
        var a = await repository.TryLeaseSubscriptionAsync("billing", "a", lease, now, CancellationToken.None);
        Assert.NotNull(a);
        Assert.Equal(FeedPosition.Start, a.Checkpoint);
        Assert.Null(await repository.TryLeaseSubscriptionAsync("billing", "b", lease, now + Duration.FromSeconds(9), CancellationToken.None));
        Assert.True(await repository.CheckpointSubscriptionAsync("billing", "a", new FeedPosition(5, 2), lease, now + Duration.FromSeconds(9), CancellationToken.None));

        // a renewed at +9 s: still its own at +18 s; gone at +19 s.
        Assert.Null(await repository.TryLeaseSubscriptionAsync("billing", "b", lease, now + Duration.FromSeconds(18), CancellationToken.None));
        var b = await repository.TryLeaseSubscriptionAsync("billing", "b", lease, now + Duration.FromSeconds(19), CancellationToken.None);
        Assert.NotNull(b);
        Assert.Equal(new FeedPosition(5, 2), b.Checkpoint);
        Assert.False(await repository.CheckpointSubscriptionAsync("billing", "a", new FeedPosition(9, 1), lease, now + Duration.FromSeconds(20), CancellationToken.None));
        var feedEvent = EventFeedTests.OneOfEach()[0];
        var parked = new ParkedEvent("billing", new FeedEvent(new StoreEventId(feedEvent.StoreId, 1, 0), new FeedPosition(5, 1), feedEvent), 1, "x", now);
        Assert.False(await repository.ParkEventAsync(parked, "a", now + Duration.FromSeconds(20), CancellationToken.None));
        Assert.Empty(await repository.ReadParkedEventsAsync("billing", 10, CancellationToken.None));

        // A checkpoint never moves back; a release lets another take over at once.
        Assert.True(await repository.CheckpointSubscriptionAsync("billing", "b", new FeedPosition(1, 1), lease, now + Duration.FromSeconds(20), CancellationToken.None));
        await repository.ReleaseSubscriptionAsync("billing", "b", CancellationToken.None);
        var c = await repository.TryLeaseSubscriptionAsync("billing", "c", lease, now + Duration.FromSeconds(21), CancellationToken.None);
        Assert.Equal(new FeedPosition(5, 2), c!.Checkpoint);
    }

    [Fact]
    public void BadSubscriptionNames_AreRefused_NamingTheValue()
    {
        var builder = new ServiceCollection().AddShopIQIntegrations(_ => { });
        builder.AddEventSubscription<RecordingHandler>("billing");
        var duplicate = Assert.Throws<ArgumentException>(() => builder.AddEventSubscription<RecordingHandler>("billing"));
        Assert.Equal("name", duplicate.ParamName);
        Assert.Contains("'billing'", duplicate.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => builder.AddEventSubscription<RecordingHandler>("Billing Team"));
        Assert.Equal("name", bad.ParamName);
        Assert.Contains("Billing Team", bad.Message, StringComparison.Ordinal);
        Assert.Single(builder.Services, d => d.ServiceType == typeof(EventSubscriptionRegistration));
    }

    [Fact]
    public async Task UnknownSubscriptions_BadLimits_AndPositionsPastTheHead_AreRefused_NamingTheValue()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Growth);
        await fixture.WithAsync(BuiltInProviders.Razorpay);
        await using var provider = Services(fixture.Repository, b => b.AddEventSubscription<RecordingHandler>("billing"), _ => { }).BuildServiceProvider();
        var subscriptions = provider.GetRequiredService<EventSubscriptions>();

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => subscriptions.ReadParkedAsync("biling", 10, CancellationToken.None));
        Assert.Equal("subscription", unknown.ParamName);
        Assert.Contains("'biling'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("billing", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("limit", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => subscriptions.ReadParkedAsync("billing", 0, CancellationToken.None))).ParamName);
        Assert.Equal("maxEvents", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => subscriptions.ReadFeedAsync(FeedPosition.Start, 0, CancellationToken.None))).ParamName);
        Assert.Equal("maxEvents", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => subscriptions.ReadFeedAsync(FeedPosition.Start, 10_001, CancellationToken.None))).ParamName);
        var past = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => subscriptions.ReadFeedAsync(new FeedPosition(99, 1), 10, CancellationToken.None));
        Assert.Equal("after", past.ParamName);
        Assert.Contains("99:1", past.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await subscriptions.ReadFeedAsync(FeedPosition.Start, 10, CancellationToken.None)).Events.Count);
    }

    [Theory]
    [InlineData("BatchSize", 0)]
    [InlineData("BatchSize", 10_001)]
    [InlineData("MaxAttempts", 0)]
    [InlineData("LeaseTime", 0)]
    [InlineData("PollInterval", 0)]
    public async Task OptionsOutOfRange_StopTheHostsStart_NamingTheSubscriptionAndTheOption(string option, int value)
    {
        var repository = new InMemoryStoreRepository();
        var handler = new RecordingHandler();
        await using var provider = Services(repository, b => b.AddEventSubscription<RecordingHandler>("billing", o =>
        {
            switch (option)
            {
                case "BatchSize": o.BatchSize = value; break;
                case "MaxAttempts": o.MaxAttempts = value; break;
                case "LeaseTime": o.LeaseTime = TimeSpan.FromSeconds(value); break;
                default: o.PollInterval = TimeSpan.FromMilliseconds(value); break;
            }
        }), s => s.AddSingleton(handler)).BuildServiceProvider();
        var dispatcher = provider.GetServices<IHostedService>().Single();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => dispatcher.StartAsync(CancellationToken.None));
        Assert.Contains("'billing'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(option, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARepositoryThatKeepsNoEvents_StopsTheHostsStart_NamingIt()
    {
        await using var provider = Services(new ConflictingRepository(new InMemoryStoreRepository()), b => b.AddEventSubscription<RecordingHandler>("billing"), _ => { }).BuildServiceProvider();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetServices<IHostedService>().Single().StartAsync(CancellationToken.None));
        Assert.Contains(nameof(ConflictingRepository), refused.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(IStoreEventLog), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHandlerDiCannotMake_StopsTheHostsStart_NamingTheSubscription()
    {
        await using var provider = Services(new InMemoryStoreRepository(), b => b.AddEventSubscription<NeedsMissingService>("emails"), _ => { }).BuildServiceProvider();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetServices<IHostedService>().Single().StartAsync(CancellationToken.None));
        Assert.Contains("'emails'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(NeedsMissingService), refused.Message, StringComparison.Ordinal);
    }

    private static bool Tagged(ReadOnlySpan<KeyValuePair<string, object?>> tags, string subscription)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "subscription" && Equals(tag.Value, subscription))
            {
                return true;
            }
        }

        return false;
    }

    private static void Fast(EventSubscriptionOptions options)
    {
        options.PollInterval = TimeSpan.FromMilliseconds(10);
        options.RetryDelay = TimeSpan.FromMilliseconds(1);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(5);
    }

    private static IServiceCollection Services(IStoreRepository repository, Action<ShopIQIntegrationsBuilder> subscribe, Action<IServiceCollection> more)
    {
        var services = new ServiceCollection();
        services.AddSingleton(repository);
        more(services);
        subscribe(services.AddShopIQIntegrations(_ => { }));
        return services;
    }

    private static async Task<RunningHost> StartAsync(IStoreRepository repository, Action<ShopIQIntegrationsBuilder> subscribe, Action<IServiceCollection> more)
    {
        var provider = Services(repository, subscribe, more).BuildServiceProvider();
        var host = new RunningHost(provider);
        await host.StartAsync();
        return host;
    }

    private static async Task WaitAsync(Func<bool> done, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for: {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>The hosted services of a provider, started and stopped like a host would.</summary>
    private sealed class RunningHost(ServiceProvider provider) : IAsyncDisposable
    {
        private bool _stopped;

        public IServiceProvider Services => provider;

        public async Task StartAsync()
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StopAsync(cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync(CancellationToken.None);
            await provider.DisposeAsync();
        }
    }

    internal sealed class RecordingHandler : IStoreEventHandler
    {
        private readonly ConcurrentQueue<FeedEvent> _delivered = new();
        private readonly ConcurrentDictionary<StoreEventId, int> _attempts = new();

        public Func<FeedEvent, bool> FailOn { get; set; } = _ => false;

        public IReadOnlyList<FeedEvent> Delivered => _delivered.ToArray();

        public int Attempts(StoreEventId id) => _attempts.GetValueOrDefault(id);

        public Task HandleAsync(FeedEvent feedEvent, CancellationToken cancellationToken)
        {
            _attempts.AddOrUpdate(feedEvent.Id, 1, (_, n) => n + 1);
            if (FailOn(feedEvent))
            {
                throw new InvalidOperationException($"The handler cannot take {feedEvent.Id}.");
            }

            _delivered.Enqueue(feedEvent);
            return Task.CompletedTask;
        }
    }

    internal sealed class StuckHandler : IStoreEventHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async Task HandleAsync(FeedEvent feedEvent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    internal sealed class NeedsMissingService(IFormatProvider missing) : IStoreEventHandler
    {
        public Task HandleAsync(FeedEvent feedEvent, CancellationToken cancellationToken) => Task.FromResult(missing);
    }
}
