using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>Runs a <see cref="Scenario"/> against a real <see cref="Store"/> and the <see cref="StoreModel"/> side by side, checking after every step.</summary>
public sealed class StoreHarness
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 25, 9, 0);
    private static readonly Actor Merchant = Actor.Merchant("merchant-p");

    private readonly FakeClock _clock = new(Start);
    private int _step;

    public StoreHarness(int startPlan)
    {
        Store = TestStores.Open(new StoreId("store-p"), new PlanId(ModelWorld.PlanIds[startPlan]), ModelWorld.Policy, _clock, Merchant);
        Store.TakeEvents();
        Model = StoreModel.Open(startPlan, Start);
        Check(null, new Prediction(null, 0, []), null, null, Store.AiCreditBalance, 0);
    }

    public Store Store { get; }

    public StoreModel Model { get; private set; }

    public static void Run(Scenario scenario)
    {
        var harness = new StoreHarness(scenario.StartPlan);
        foreach (var op in scenario.Ops)
        {
            harness.Step(op);
        }
    }

    public void Step(StoreOp op)
    {
        _step++;
        var creditsBefore = Store.AiCreditBalance;
        var versionBefore = Store.Version;
        var (next, prediction) = Model.WithAck(op.Kind == OpKind.ChangePlanDisconnecting ? AckMode.Fresh : op.Ack).Step(op);
        var (outcome, expired) = Execute(op);
        Model = next;
        Check(op, prediction, outcome, expired, creditsBefore, versionBefore);
    }

    private (StoreOutcome? Outcome, IReadOnlyList<ConnectedApp>? Expired) Execute(StoreOp op)
    {
        var provider = ModelWorld.Providers[op.Provider];
        var key = provider.Key;
        var setup = ModelWorld.Setup(key, op.ValidSetup);
        switch (op.Kind)
        {
            case OpKind.Connect:
                return (Store.Connect(provider, setup, Merchant), null);
            case OpKind.BeginConnect:
                return (Store.BeginConnect(provider, setup, Merchant), null);
            case OpKind.CompleteConnect:
                return (Store.CompleteConnect(key, Merchant), null);
            case OpKind.FailConnect:
                return (Store.FailConnect(key, Merchant), null);
            case OpKind.Disconnect:
                return (Acknowledgement(op.Ack, key) is { } ack ? Store.Disconnect(key, ack, Merchant) : Store.Disconnect(key, Merchant), null);
            case OpKind.Replace:
                var replacement = ModelWorld.Providers[op.Other];
                var setupOfReplacement = ModelWorld.Setup(replacement.Key, op.ValidSetup);
                return (Acknowledgement(op.Ack, key) is { } replaceAck
                    ? Store.Replace(key, replacement, setupOfReplacement, replaceAck, Merchant)
                    : Store.Replace(key, replacement, setupOfReplacement, Merchant), null);
            case OpKind.ChangePlan:
                return (Store.ChangePlan(new PlanId(ModelWorld.PlanIds[op.Plan]), Merchant), null);
            case OpKind.ChangePlanDisconnecting:
                var named = Model.Selection(op.Number).Select(i => ModelWorld.Providers[i]).ToArray();
                var acks = named.Where(d => ModelWorld.Policy.IsCritical(d.Category)).Select(d => Acknowledgement(AckMode.Fresh, d.Key, named.Select(n => n.Key).Where(k => k != d.Key))!).ToArray();
                return (Store.ChangePlan(new PlanId(ModelWorld.PlanIds[op.Plan]), named.Select(d => d.Key), acks, Merchant), null);
            case OpKind.ApplyCatalog:
                Store.Policy.Catalog.TryGetPlan(Store.PlanId, out var plan);
                var edited = plan!.WithConnectedApps(op.Number < 0 ? SlotAllowance.Unlimited : SlotAllowance.Of(op.Number));
                return (Store.ApplyCatalog(Store.Policy.Catalog.WithPlan(edited), Merchant), null);
            case OpKind.RecordActivity:
                return (Store.RecordActivity(key, Merchant), null);
            case OpKind.MarkNeedsAttention:
                return (Store.MarkNeedsAttention(key, AttentionReason.CredentialsRevoked, Merchant), null);
            case OpKind.Reconnect:
                return (Store.Reconnect(key, setup, Merchant), null);
            case OpKind.UseAiCredits:
                return (Store.UseAiCredits(op.Number, AiUsePurpose.Summarize, Merchant), null);
            case OpKind.ExpireReservations:
                return (null, Store.ExpireReservations());
            case OpKind.AdvanceClock:
                _clock.Advance(Duration.FromMinutes(op.Number));
                return (null, null);
            case OpKind.AdvanceToDeadline:
                _clock.Reset(Model.DeadlineTarget(op.Number));
                return (null, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "Unknown operation.");
        }
    }

    private ImpactAcknowledgement? Acknowledgement(AckMode mode, ProviderKey key) => Acknowledgement(mode, key, []);

    /// <summary>
    /// A fresh acknowledgement is the store's own assessment (with the apps going along) acknowledged; a stale one
    /// names every workflow of the app but another apps version. None when the app is not in the store.
    /// </summary>
    private ImpactAcknowledgement? Acknowledgement(AckMode mode, ProviderKey key, IEnumerable<ProviderKey> alongWith) => mode switch
    {
        AckMode.Fresh when Store.TryAssessImpact(key, alongWith, out var assessment) => assessment.Acknowledge(),
        AckMode.Fresh => new ImpactAcknowledgement(Store.Id, key, Store.AppsVersion, []),
        AckMode.Stale => new ImpactAcknowledgement(Store.Id, key, StoreModel.AckVersion(mode, Store.AppsVersion)!.Value, ModelWorld.Providers.First(p => p.Key == key).Workflows),
        AckMode.Narrow => new ImpactAcknowledgement(Store.Id, key, Store.AppsVersion, []),
        _ => null,
    };

    private void Check(StoreOp? op, Prediction prediction, StoreOutcome? outcome, IReadOnlyList<ConnectedApp>? expired, int creditsBefore, long versionBefore)
    {
        var where = $"after step {_step} ({op?.ToString() ?? "open"})";

        // The outcome equals the model's prediction.
        Assert.True(prediction.Status == outcome?.Status, $"{where}: the model expected {prediction.Status?.ToString() ?? "no outcome"}, the store answered {outcome}");
        if (outcome?.Status == OutcomeStatus.DowngradeNeedsDisconnects)
        {
            Assert.True(prediction.AppsToDisconnect == outcome.AppsToDisconnect(), $"{where}: the model expected {prediction.AppsToDisconnect} apps to go, the store said {outcome.AppsToDisconnect()}");
        }

        if (expired is not null)
        {
            Assert.True(prediction.Expired.SequenceEqual(expired.Select(a => a.Key.Value)), $"{where}: expected expiries [{string.Join(", ", prediction.Expired)}], got [{string.Join(", ", expired.Select(a => a.Key))}]");
        }

        // R3: never over the allowance in force.
        Assert.True(Store.Allowance.Covers(Store.SlotsInUse), $"{where}: {Store.SlotsInUse} slots in use over an allowance of {Store.Allowance}");

        // R17: slots in use = pending + active + needs-attention; R2: native features never counted.
        var occupying = Store.GetApps().Count(a => a.State is ConnectionState.Pending or ConnectionState.Active or ConnectionState.NeedsAttention);
        Assert.True(occupying == Store.SlotsInUse && Store.GetApps().Count == Store.SlotsInUse, $"{where}: {Store.SlotsInUse} slots in use but {occupying} occupying apps of {Store.GetApps().Count}");
        Assert.False(Store.GetApps().Any(a => NativeFeatures.TryGetNative(a.Key, out _)), $"{where}: a native feature is counted as a connected app");

        // R14: the AI-credit balance changes only through AI use.
        var spent = outcome?.Status == OutcomeStatus.AiCreditsUsed ? op!.Number : 0;
        Assert.True(Store.AiCreditBalance == creditsBefore - spent, $"{where}: AI credits went from {creditsBefore} to {Store.AiCreditBalance}, {spent} were used");

        // The store's state equals the model's.
        var expected = Describe(Model.PlanId(), Model.Allowance, Model.Credits, Model.Version, Model.AppsVersion,
            Model.Ordered.Select(a => (a.Key, a.State, a.ConnectedAt, a.Until, a.LastActivity)));
        var actual = Describe(Store.PlanId.Value, Store.Allowance.Slots, Store.AiCreditBalance, Store.Version, Store.AppsVersion,
            Store.GetApps().Select(a => (a.Key.Value, a.State, a.ConnectedAt, a.PendingUntil, a.LastActivityAt)));
        Assert.True(expected == actual, $"{where}: the store differs from the model.\nmodel: {expected}\nstore: {actual}");

        // R15: the ledger verifies and replaying it reproduces the store.
        var verification = Store.Ledger.Verify();
        Assert.True(verification.IsValid, $"{where}: the ledger does not verify: {verification}");
        var replayed = Store.FromLedger(Store.Ledger, Store.Policy, _clock);
        Assert.True(
            replayed.GetApps().SequenceEqual(Store.GetApps()) && replayed.PlanId == Store.PlanId && replayed.Allowance == Store.Allowance
                && replayed.AiCreditBalance == Store.AiCreditBalance && replayed.Version == Store.Version && replayed.AppsVersion == Store.AppsVersion,
            $"{where}: replaying the ledger gives {replayed}, the store is {Store}");

        // R18: each change raised exactly its event, in ledger order; a refusal at the limit and a crossing of the
        // nearly-full threshold raised theirs, and nothing else was raised.
        var events = Store.TakeEvents();
        var expectedEvents = Store.Ledger.Entries.Skip((int)versionBefore).Select(e => EventFor(e.Kind)).OfType<string>().ToList();
        var changeEvents = events.Where(e => e is not (ConnectRefusedAtLimit or SlotsNearlyFull)).Select(e => e.GetType().Name).ToList();
        Assert.True(expectedEvents.SequenceEqual(changeEvents), $"{where}: expected events [{string.Join(", ", expectedEvents)}], got [{string.Join(", ", changeEvents)}]");
        Assert.True(
            events.Count(e => e is ConnectRefusedAtLimit) == (outcome?.Status == OutcomeStatus.LimitReached ? 1 : 0),
            $"{where}: a refusal at the limit must raise exactly one ConnectRefusedAtLimit; got [{string.Join(", ", events.Select(e => e.GetType().Name))}]");
        Assert.True(
            events.Count(e => e is SlotsNearlyFull) == (prediction.NearlyFull ? 1 : 0),
            $"{where}: the model {(prediction.NearlyFull ? "expected" : "did not expect")} a nearly-full event; got [{string.Join(", ", events.Select(e => e.GetType().Name))}]");
    }

    private static string? EventFor(SlotEntryKind kind) => kind switch
    {
        SlotEntryKind.Connected => nameof(AppConnected),
        SlotEntryKind.Reserved => nameof(ConnectionReserved),
        SlotEntryKind.Activated => nameof(ConnectionActivated),
        SlotEntryKind.Released => nameof(ReservationReleased),
        SlotEntryKind.Expired => nameof(ReservationExpired),
        SlotEntryKind.Disconnected => nameof(AppDisconnected),
        SlotEntryKind.Replaced => nameof(AppReplaced),
        SlotEntryKind.PlanChanged => nameof(PlanChanged),
        SlotEntryKind.AllowanceRaised => nameof(AllowanceRaised),
        SlotEntryKind.MarkedNeedsAttention => nameof(AppNeedsAttention),
        SlotEntryKind.Reconnected => nameof(AppReconnected),
        _ => null,
    };

    private static string Describe(string plan, int? allowance, int credits, long version, long appsVersion, IEnumerable<(string Key, ConnectionState State, Instant Since, Instant? Until, Instant? Activity)> apps) =>
        $"plan={plan} allowance={allowance?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited"} credits={credits} version={version} appsVersion={appsVersion} apps=[" +
        string.Join("; ", apps.Select(a => $"{a.Key} {a.State} since {a.Since} until {a.Until} activity {a.Activity}")) + "]";
}
