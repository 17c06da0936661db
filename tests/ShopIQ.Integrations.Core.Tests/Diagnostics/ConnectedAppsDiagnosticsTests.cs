using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Diagnostics;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Diagnostics;

/// <summary>
/// The service's meter and activity source report what happened. Listeners are global, so each test
/// filters on its own store id or service instance and other tests running in parallel cannot disturb it.
/// </summary>
public sealed class ConnectedAppsDiagnosticsTests
{
    [Fact]
    public async Task Meter_ConnectsRefusalsAndExpiries_AreCounted()
    {
        using var meters = new TestMeterFactory();
        var waiting = new TaskCompletionSource<ProviderCallResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new FakeClock(StoreFixture.Start);
        using var service = new ConnectedAppsService(
            new InMemoryStoreRepository(),
            [.. BuiltInSetups.Adapters, new WaitingProvider(waiting.Task)],
            [],
            clock,
            Options.Create(ServiceFixture.TestOptions()),
            NullLogger<ConnectedAppsService>.Instance,
            meters);
        var measurements = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (meters.Created(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        var store = new StoreId("store-meter");

        await service.OpenStoreAsync(new OpenStoreCommand(store, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        foreach (var provider in new[] { BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket })
        {
            Assert.Equal(OutcomeStatus.Connected, (await Connect(provider.Key, BuiltInSetups.For(provider.Key))).Status);
        }

        var slow = Connect(WaitingProvider.Key, ProviderSetup.Empty);
        Assert.Equal(OutcomeStatus.LimitReached, (await Connect(BuiltInProviders.Wati.Key, BuiltInSetups.Wati)).Status);
        clock.Advance(Duration.FromMinutes(31));
        Assert.Equal(1, (await service.SweepAsync(CancellationToken.None)).ReservationsExpired);
        waiting.SetResult(ProviderCallResult.Success);
        Assert.Equal(OutcomeStatus.ReservationExpired, (await slow).Status);

        Assert.Equal(2, Count(ConnectedAppsDiagnostics.ConnectAttempts, ("status", "Connected")));
        Assert.Equal(1, Count(ConnectedAppsDiagnostics.ConnectAttempts, ("status", "LimitReached")));
        Assert.Equal(1, Count(ConnectedAppsDiagnostics.ConnectAttempts, ("status", "ReservationExpired")));
        Assert.Equal(1, Count(ConnectedAppsDiagnostics.LimitRefusals));
        Assert.Equal(1, Count(ConnectedAppsDiagnostics.ReservationsExpired));
        Assert.Contains(measurements, m => m.Instrument == ConnectedAppsDiagnostics.SlotsInUse && m.Value == 3 && Equals(m.Tags["plan"], "starter"));
        Assert.Equal(0, Count(ConnectedAppsDiagnostics.Conflicts));

        void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

        long Count(string instrument, params (string Key, string Value)[] tags) =>
            measurements.Where(m => m.Instrument == instrument && tags.All(t => Equals(m.Tags.GetValueOrDefault(t.Key), t.Value))).Sum(m => m.Value);

        Task<ConnectedAppsResult> Connect(ProviderKey provider, ProviderSetup setup) =>
            service.ConnectAsync(new ConnectAppCommand(store, provider, setup, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
    }

    [Fact]
    public async Task ActivitySource_EachOperation_HasASpanWithStoreProviderAndStatus()
    {
        var failing = FakeAdapter.Advertising().ThrowingWithSecret();
        using var fixture = new ServiceFixture([failing], _ => { });
        var store = new StoreId("store-spans");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ConnectedAppsDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await fixture.Service.OpenStoreAsync(new OpenStoreCommand(store, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        await fixture.Service.ConnectAsync(new ConnectAppCommand(store, BuiltInProviders.Shiprocket.Key, BuiltInSetups.Shiprocket, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        var impact = await fixture.Service.AssessImpactAsync(store, BuiltInProviders.Shiprocket.Key, CancellationToken.None);
        await fixture.Service.DisconnectAsync(
            new DisconnectAppCommand(store, BuiltInProviders.Shiprocket.Key, impact!.Assessment.Acknowledge(), StoreFixture.Merchant, IdempotencyKey.New()),
            CancellationToken.None);

        var mine = spans.Where(s => Equals(s.GetTagItem("shopiq.store"), store.Value)).ToArray();
        var connect = Assert.Single(mine, s => s.OperationName == "ShopIQ.ConnectedApps.Connect");
        Assert.Equal("shiprocket", connect.GetTagItem("shopiq.provider"));
        Assert.Equal("Connected", connect.GetTagItem("shopiq.status"));
        Assert.Equal(false, connect.GetTagItem("shopiq.replay"));
        Assert.Single(mine, s => s.OperationName == "ShopIQ.ConnectedApps.OpenStore");
        Assert.Single(mine, s => s.OperationName == "ShopIQ.ConnectedApps.AssessImpact");
        var disconnect = Assert.Single(mine, s => s.OperationName == "ShopIQ.ConnectedApps.Disconnect");
        Assert.Equal("Disconnected", disconnect.GetTagItem("shopiq.status"));
        Assert.Equal(ActivityStatusCode.Unset, disconnect.Status);
        Assert.Equal("shiprocket", Assert.Single(mine, s => s.OperationName == "ShopIQ.ConnectedApps.AssessImpact").GetTagItem("shopiq.provider"));

        // A provider that fails marks its span as an error; an audit's span says whether the store is sound.
        await fixture.Service.ConnectAsync(new ConnectAppCommand(store, failing.Key, FakeAdapter.ValidSetup, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.True((await fixture.Service.VerifyAsync(store, CancellationToken.None))!.IsSound);

        mine = [.. spans.Where(s => Equals(s.GetTagItem("shopiq.store"), store.Value))];
        var failed = Assert.Single(mine, s => s.OperationName == "ShopIQ.ConnectedApps.Connect" && Equals(s.GetTagItem("shopiq.provider"), failing.Key.Value));
        Assert.Equal("ProviderFailed", failed.GetTagItem("shopiq.status"));
        Assert.Equal((ActivityStatusCode.Error, "ProviderFailed"), (failed.Status, failed.StatusDescription));
        var verify = Assert.Single(mine, s => s.OperationName == "ShopIQ.ConnectedApps.Verify");
        Assert.Equal(true, verify.GetTagItem("shopiq.sound"));
        Assert.Equal(
            ["OpenStore on store store-spans: StoreOpened (replay: False), version 1"],
            fixture.Logged(1).Where(l => l.StartsWith("OpenStore", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Log_AStoreOpenedOnAPlanNotInTheCatalog_IsLoggedAsAnOpenThatFailed()
    {
        using var fixture = new ServiceFixture();

        var result = await fixture.Service.OpenStoreAsync(new OpenStoreCommand(new StoreId("store-nowhere"), new PlanId("platinum"), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);

        Assert.Equal([$"OpenStore on store store-nowhere: {result.Status} (replay: False), version 0"], fixture.Logged(1));
        Assert.False(result.IsSuccess);
    }

    /// <summary>A provider whose connect waits for the test to answer.</summary>
    private sealed class WaitingProvider(Task<ProviderCallResult> answer) : OfflineProvider
    {
        public static readonly ProviderKey Key = new("waiting-analytics");

        public override ProviderDescriptor Descriptor { get; } = new(
            Key, "Waiting Analytics", ProviderCategory.Analytics, [CommerceWorkflow.TrafficAndBehaviourTracking], [], supportsSelfServiceDisconnect: true, ProviderAvailability.Available);

        /// <summary>True: it stands for a provider that answers over the network, so its slot is reserved while it waits.</summary>
        public override bool ConnectCallsOut => true;

        public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) => answer;

        protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
        {
        }
    }
}
