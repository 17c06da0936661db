using NodaTime;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// docs/results.md, row by row: each refusal the store can give is reached through <see cref="Store"/> and through
/// <see cref="ConnectedAppsService"/> by the same steps, and both answer the same word with the details the table says.
/// </summary>
public sealed class ResultsTableTests
{
    private static readonly Actor Merchant = StoreFixture.Merchant;

    /// <summary>A logistics provider merchants cannot disconnect themselves (R7).</summary>
    private static readonly ProviderDescriptor Locked = new(
        new ProviderKey("locked-courier"), "Locked Courier", ProviderCategory.Logistics, [CommerceWorkflow.ShipmentCreationAndTracking], [],
        supportsSelfServiceDisconnect: false, ProviderAvailability.Available);

    /// <summary>A retired provider: it can no longer be connected (R16).</summary>
    private static readonly ProviderDescriptor Retired = new(
        new ProviderKey("retired-pixel"), "Retired Pixel", ProviderCategory.Advertising, [CommerceWorkflow.MarketingAndPerformanceData], [],
        supportsSelfServiceDisconnect: true, ProviderAvailability.Retired);

    /// <summary>A provider whose connect the service leaves waiting, so its reservation stays pending.</summary>
    private static readonly ProviderDescriptor Slow = new(
        new ProviderKey("slow-sms"), "Slow SMS", ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [],
        supportsSelfServiceDisconnect: true, ProviderAvailability.Available);

    private static readonly ProviderKey AiChat = NativeFeatures.KeyOf(NativeFeature.AiChat);
    private static readonly ProviderKey Razorpay = BuiltInProviders.Razorpay.Key;
    private static readonly ProviderKey Wati = BuiltInProviders.Wati.Key;
    private static readonly ProviderKey Pixel = BuiltInProviders.MetaPixel.Key;
    private static readonly ProviderSetup BadRazorpay = ProviderSetup.Empty.With("key-id", "rzp_live_123");

    public static TheoryData<string> Rows => [.. Scenarios.Keys];

    private static Dictionary<string, (OutcomeStatus Expected, Type? Details, Step[] Steps)> Scenarios { get; } = new()
    {
        ["change plan: unknown plan"] = (OutcomeStatus.UnknownPlan, null, [new ChangePlan(new PlanId("platinum"), [])]),
        ["connect: native feature"] = (OutcomeStatus.NativeFeature, typeof(NativeFeatureDetails), [new Connect(AiChat, null)]),
        ["connect: provider unavailable"] = (OutcomeStatus.ProviderUnavailable, typeof(AvailabilityDetails), [new Connect(Retired.Key, null)]),
        ["connect: setup invalid"] = (OutcomeStatus.SetupInvalid, typeof(SetupInvalidDetails), [new Connect(Razorpay, BadRazorpay)]),
        ["connect: limit reached"] = (OutcomeStatus.LimitReached, typeof(LimitGuidance), [new Connect(Razorpay, null), new Connect(Wati, null), new Connect(Pixel, null), new Connect(BuiltInProviders.Shiprocket.Key, null)]),
        ["connect: already connected"] = (OutcomeStatus.AlreadyConnected, null, [new Connect(Pixel, null), new Connect(Pixel, null)]),
        ["disconnect: not connected"] = (OutcomeStatus.NotConnected, null, [new Disconnect(Pixel, Ack.None)]),
        ["disconnect: not supported"] = (OutcomeStatus.NotSupported, typeof(SupportDetails), [new Connect(Locked.Key, null), new Disconnect(Locked.Key, Ack.None)]),
        ["disconnect: acknowledgement required"] = (OutcomeStatus.AcknowledgementRequired, typeof(ImpactDetails), [new Connect(Razorpay, null), new Disconnect(Razorpay, Ack.None)]),
        ["disconnect: acknowledgement stale"] = (OutcomeStatus.AcknowledgementStale, typeof(ImpactDetails), [new Connect(Razorpay, null), new Disconnect(Razorpay, Ack.Stale)]),
        ["replace: not connected"] = (OutcomeStatus.NotConnected, null, [new Replace(Wati, Pixel, Ack.None)]),
        ["replace: native feature"] = (OutcomeStatus.NativeFeature, typeof(NativeFeatureDetails), [new Connect(Pixel, null), new Replace(Pixel, AiChat, Ack.None)]),
        ["replace: replacement already connected"] = (OutcomeStatus.AlreadyConnected, null, [new Connect(Pixel, null), new Connect(Wati, null), new Replace(Pixel, Wati, Ack.None)]),
        ["replace: provider unavailable"] = (OutcomeStatus.ProviderUnavailable, typeof(AvailabilityDetails), [new Connect(Pixel, null), new Replace(Pixel, Retired.Key, Ack.None)]),
        ["replace: setup invalid"] = (OutcomeStatus.SetupInvalid, typeof(SetupInvalidDetails), [new Connect(Pixel, null), new Replace(Pixel, Razorpay, Ack.None, BadRazorpay)]),
        ["replace: not supported"] = (OutcomeStatus.NotSupported, typeof(SupportDetails), [new Connect(Locked.Key, null), new Replace(Locked.Key, Pixel, Ack.None)]),
        ["replace: acknowledgement required"] = (OutcomeStatus.AcknowledgementRequired, typeof(ImpactDetails), [new Connect(Wati, null), new Replace(Wati, Pixel, Ack.None)]),
        ["replace: acknowledgement stale"] = (OutcomeStatus.AcknowledgementStale, typeof(ImpactDetails), [new Connect(Wati, null), new Replace(Wati, Pixel, Ack.Stale)]),
        ["change plan: downgrade needs disconnects"] = (OutcomeStatus.DowngradeNeedsDisconnects, typeof(DowngradeDetails), [new Connect(Pixel, null), new ChangePlan(TestPlans.Free.Id, [])]),
        ["change plan: named app not connected"] = (OutcomeStatus.NotConnected, null, [new Connect(Pixel, null), new ChangePlan(TestPlans.Free.Id, [Wati])]),
        ["change plan: named app not supported"] = (OutcomeStatus.NotSupported, typeof(SupportDetails), [new Connect(Locked.Key, null), new ChangePlan(TestPlans.Free.Id, [Locked.Key])]),
        ["change plan: acknowledgement required"] = (OutcomeStatus.AcknowledgementRequired, typeof(ImpactDetails), [new Connect(Razorpay, null), new ChangePlan(TestPlans.Free.Id, [Razorpay])]),
        ["record activity: not connected"] = (OutcomeStatus.NotConnected, null, [new RecordActivity(Pixel)]),
        ["record activity: pending"] = (OutcomeStatus.WrongState, null, [new Reserve(Slow.Key), new RecordActivity(Slow.Key)]),
        ["mark needs attention: not connected"] = (OutcomeStatus.NotConnected, null, [new MarkNeedsAttention(Pixel)]),
        ["mark needs attention: pending"] = (OutcomeStatus.WrongState, null, [new Reserve(Slow.Key), new MarkNeedsAttention(Slow.Key)]),
        ["reconnect: not connected"] = (OutcomeStatus.NotConnected, null, [new Reconnect(Razorpay, null)]),
        ["reconnect: pending"] = (OutcomeStatus.WrongState, null, [new Reserve(Slow.Key), new Reconnect(Slow.Key, null)]),
        ["reconnect: setup invalid"] = (OutcomeStatus.SetupInvalid, typeof(SetupInvalidDetails), [new Connect(Razorpay, null), new Reconnect(Razorpay, BadRazorpay)]),
        ["use AI credits: not enough"] = (OutcomeStatus.InsufficientAiCredits, null, [new UseAiCredits(1_000_000)]),
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Refusal_IsTheSameWordWithTheSameKindOfDetails_FromTheStoreAndFromTheService(string row)
    {
        var (expected, details, steps) = Scenarios[row];

        var fromStore = RunOnStore(steps);
        var fromService = await RunOnServiceAsync(steps);

        Assert.Equal(expected, fromStore.Status);
        Assert.Equal(expected, fromService.Status);
        Assert.False(fromStore.IsSuccess && expected != OutcomeStatus.AlreadyConnected, fromStore.ToString());
        Assert.Equal(fromStore.IsSuccess, fromService.IsSuccess);
        Assert.Equal(details, fromStore.Details?.GetType());
        Assert.Equal(details, fromService.Details?.GetType());
        Assert.Equal(fromStore.Provider, fromService.Provider);
        Assert.Equal(fromStore.App?.Key, fromService.App?.Key);
    }

    [Fact]
    public void EveryStoreRefusalWord_HasARow()
    {
        OutcomeStatus[] storeRefusals =
        [
            OutcomeStatus.LimitReached, OutcomeStatus.NativeFeature, OutcomeStatus.ProviderUnavailable, OutcomeStatus.SetupInvalid,
            OutcomeStatus.NotSupported, OutcomeStatus.AcknowledgementRequired, OutcomeStatus.AcknowledgementStale,
            OutcomeStatus.DowngradeNeedsDisconnects, OutcomeStatus.NotConnected, OutcomeStatus.WrongState, OutcomeStatus.UnknownPlan,
            OutcomeStatus.InsufficientAiCredits,
        ];

        Assert.Empty(storeRefusals.Except(Scenarios.Values.Select(s => s.Expected)));
    }

    private static StoreOutcome RunOnStore(Step[] steps)
    {
        var fixture = new StoreFixture(TestPlans.Starter);
        var store = fixture.Store;
        var acks = new Dictionary<ProviderKey, ImpactAcknowledgement>();
        StoreOutcome? last = null;
        foreach (var step in steps)
        {
            fixture.Clock.Advance(Duration.FromMinutes(1));
            last = step switch
            {
                Connect c => store.Connect(Descriptor(c.Provider), Descriptor(c.Provider).CheckFields(c.Setup ?? SetupOf(c.Provider)), Merchant),
                Reserve r => store.BeginConnect(Descriptor(r.Provider), Descriptor(r.Provider).CheckFields(SetupOf(r.Provider)), Merchant),
                Disconnect d => d.Ack == Ack.None
                    ? store.Disconnect(d.Provider, Merchant)
                    : store.Disconnect(d.Provider, StaleAck(store, d.Provider), Merchant),
                Replace r => r.Ack == Ack.None
                    ? store.Replace(r.Current, Descriptor(r.Replacement), Descriptor(r.Replacement).CheckFields(r.Setup ?? SetupOf(r.Replacement)), Merchant)
                    : store.Replace(r.Current, Descriptor(r.Replacement), Descriptor(r.Replacement).CheckFields(r.Setup ?? SetupOf(r.Replacement)), StaleAck(store, r.Current), Merchant),
                ChangePlan p => store.ChangePlan(p.Plan, p.Named, [], Merchant),
                RecordActivity a => store.RecordActivity(a.Provider, Merchant),
                MarkNeedsAttention m => store.MarkNeedsAttention(m.Provider, AttentionReason.CredentialsExpired, Merchant),
                Reconnect r => store.Reconnect(r.Provider, Descriptor(r.Provider).CheckFields(r.Setup ?? SetupOf(r.Provider)), Merchant),
                UseAiCredits u => store.UseAiCredits(u.Credits, AiUsePurpose.Summarize, Merchant),
                _ => throw new InvalidOperationException(step.ToString()),
            };
        }

        return last!;

        // An acknowledgement made, then outdated by a change to the store's apps (a fresh app connected and gone again).
        static ImpactAcknowledgement StaleAck(Store store, ProviderKey provider)
        {
            Assert.True(store.TryAssessImpact(provider, out var assessment));
            var ack = assessment.Acknowledge();
            Assert.Equal(OutcomeStatus.Connected, store.Connect(BuiltInProviders.GoogleAnalytics, BuiltInProviders.GoogleAnalytics.CheckFields(BuiltInSetups.GoogleAnalytics), Merchant).Status);
            Assert.Equal(OutcomeStatus.Disconnected, store.Disconnect(BuiltInProviders.GoogleAnalytics.Key, store.TryAssessImpact(BuiltInProviders.GoogleAnalytics.Key, out var ga) ? ga.Acknowledge() : null!, Merchant).Status);
            return ack;
        }
    }

    private static async Task<ConnectedAppsResult> RunOnServiceAsync(Step[] steps)
    {
        var slow = new WaitingAdapter(Slow);
        using var fixture = await new ServiceFixture([new InstantAdapter(Locked), new InstantAdapter(Retired), slow], _ => { }).OpenAsync(TestPlans.Starter);
        var service = fixture.Service;
        var id = ServiceFixture.StoreId;
        ConnectedAppsResult? last = null;
        try
        {
            foreach (var step in steps)
            {
                fixture.Clock.Advance(Duration.FromMinutes(1));
                last = step switch
                {
                    Connect c => await service.ConnectAsync(new ConnectAppCommand(id, c.Provider, c.Setup ?? SetupOf(c.Provider), Merchant, IdempotencyKey.New()), CancellationToken.None),
                    Reserve r => await ReserveAsync(r.Provider),
                    Disconnect d => await service.DisconnectAsync(d.Ack == Ack.None
                        ? new DisconnectAppCommand(id, d.Provider, Merchant, IdempotencyKey.New())
                        : new DisconnectAppCommand(id, d.Provider, await StaleAckAsync(d.Provider), Merchant, IdempotencyKey.New()), CancellationToken.None),
                    Replace r => await service.ReplaceAsync(r.Ack == Ack.None
                        ? new ReplaceAppCommand(id, r.Current, r.Replacement, r.Setup ?? SetupOf(r.Replacement), Merchant, IdempotencyKey.New())
                        : new ReplaceAppCommand(id, r.Current, r.Replacement, r.Setup ?? SetupOf(r.Replacement), await StaleAckAsync(r.Current), Merchant, IdempotencyKey.New()), CancellationToken.None),
                    ChangePlan p => await service.ChangePlanAsync(new ChangePlanCommand(id, p.Plan, p.Named, Merchant, IdempotencyKey.New()), CancellationToken.None),
                    RecordActivity a => await service.RecordActivityAsync(new RecordActivityCommand(id, a.Provider, Merchant, IdempotencyKey.New()), CancellationToken.None),
                    MarkNeedsAttention m => await service.MarkNeedsAttentionAsync(new MarkNeedsAttentionCommand(id, m.Provider, AttentionReason.CredentialsExpired, Merchant, IdempotencyKey.New()), CancellationToken.None),
                    Reconnect r => await service.ReconnectAsync(new ReconnectAppCommand(id, r.Provider, r.Setup ?? SetupOf(r.Provider), Merchant, IdempotencyKey.New()), CancellationToken.None),
                    UseAiCredits u => await service.UseAiCreditsAsync(new UseAiCreditsCommand(id, u.Credits, AiUsePurpose.Summarize, Merchant, IdempotencyKey.New()), CancellationToken.None),
                    _ => throw new InvalidOperationException(step.ToString()),
                };
            }

            return last!;
        }
        finally
        {
            slow.Answer();
        }

        // The connect is left waiting for its provider: its reservation is saved and pending.
        async Task<ConnectedAppsResult> ReserveAsync(ProviderKey provider)
        {
            _ = service.ConnectAsync(new ConnectAppCommand(id, provider, ProviderSetup.Empty, Merchant, IdempotencyKey.New()), CancellationToken.None);
            await slow.Entered;
            var store = await fixture.StoreAsync();
            Assert.True(store.TryGetApp(provider, out var app) && app.State == ConnectionState.Pending);
            return ConnectedAppsResult.Of(new StoreOutcome(OutcomeStatus.Reserved, "reserved") { Provider = provider, App = app }, store.Version);
        }

        async Task<ImpactAcknowledgement> StaleAckAsync(ProviderKey provider)
        {
            var ack = (await service.AssessImpactAsync(id, provider, CancellationToken.None))!.Assessment.Acknowledge();
            Assert.Equal(OutcomeStatus.Connected, (await fixture.ConnectAsync(BuiltInProviders.GoogleAnalytics.Key, BuiltInSetups.GoogleAnalytics)).Status);
            var ga = (await service.AssessImpactAsync(id, BuiltInProviders.GoogleAnalytics.Key, CancellationToken.None))!.Assessment.Acknowledge();
            Assert.Equal(OutcomeStatus.Disconnected, (await service.DisconnectAsync(new DisconnectAppCommand(id, BuiltInProviders.GoogleAnalytics.Key, ga, Merchant, IdempotencyKey.New()), CancellationToken.None)).Status);
            return ack;
        }
    }

    private static ProviderDescriptor Descriptor(ProviderKey key) =>
        key == Locked.Key ? Locked
        : key == Retired.Key ? Retired
        : key == Slow.Key ? Slow
        : NativeFeatures.TryGetNative(key, out var feature) ? NativeDescriptor(key, feature.Value)
        : BuiltInProviders.All.Single(d => d.Key == key);

    // The store is given a descriptor for a native feature's key, as a caller that does not check would; it still answers NativeFeature.
    private static ProviderDescriptor NativeDescriptor(ProviderKey key, NativeFeature feature) =>
        new(key, NativeFeatures.DisplayNameOf(feature), ProviderCategory.Other, [CommerceWorkflow.OtherCommerceOperations], [], true, ProviderAvailability.Available);

    private static ProviderSetup SetupOf(ProviderKey key) =>
        BuiltInProviders.All.Any(d => d.Key == key) ? BuiltInSetups.For(key) : ProviderSetup.Empty;

    private enum Ack
    {
        None,
        Stale,
    }

    private abstract record Step;

    private sealed record Connect(ProviderKey Provider, ProviderSetup? Setup) : Step;

    private sealed record Reserve(ProviderKey Provider) : Step;

    private sealed record Disconnect(ProviderKey Provider, Ack Ack) : Step;

    private sealed record Replace(ProviderKey Current, ProviderKey Replacement, Ack Ack, ProviderSetup? Setup = null) : Step;

    private sealed record ChangePlan(PlanId Plan, ProviderKey[] Named) : Step;

    private sealed record RecordActivity(ProviderKey Provider) : Step;

    private sealed record MarkNeedsAttention(ProviderKey Provider) : Step;

    private sealed record Reconnect(ProviderKey Provider, ProviderSetup? Setup) : Step;

    private sealed record UseAiCredits(int Credits) : Step;

    /// <summary>An adapter that answers at once, for a descriptor of the test's own.</summary>
    private sealed class InstantAdapter(ProviderDescriptor descriptor) : IntegrationProviderBase
    {
        public override ProviderDescriptor Descriptor { get; } = descriptor;

        public override bool ConnectCallsOut => false;

        public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) => Task.FromResult(ProviderCallResult.Success);

        public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult(ProviderCallResult.Success);

        public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult(ProviderHealth.Healthy);
    }

    /// <summary>An adapter whose connect waits until the test answers it.</summary>
    private sealed class WaitingAdapter(ProviderDescriptor descriptor) : IntegrationProviderBase
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<ProviderCallResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ProviderDescriptor Descriptor { get; } = descriptor;

        public Task Entered => _entered.Task;

        public void Answer() => _answer.TrySetResult(ProviderCallResult.Refused("The test is over."));

        public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
        {
            _entered.TrySetResult();
            return _answer.Task;
        }

        public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult(ProviderCallResult.Success);

        public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult(ProviderHealth.Healthy);
    }
}
