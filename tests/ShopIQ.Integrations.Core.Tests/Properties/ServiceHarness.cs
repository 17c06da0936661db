using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// Runs a <see cref="Scenario"/> through <see cref="ConnectedAppsService"/> (in-memory repository, fake clock, one
/// <see cref="ModelProviderAdapter"/> per <see cref="ModelWorld"/> provider) and the <see cref="StoreModel"/> side
/// by side. After every step the store as the service stored it (rebuilt from its ledger) must equal the model,
/// the answer must be the model's outcome, the ledger must verify, each saved change must have published its
/// event, and the same command sent again must answer the same without acting.
/// </summary>
/// <remarks>
/// <para>How each <see cref="OpKind"/> reaches the service, where the service has no command of its own:</para>
/// <list type="bullet">
/// <item><see cref="OpKind.Connect"/>: the service always reserves, asks the adapter, then activates, so the model takes
/// the same two steps (<see cref="OpKind.BeginConnect"/> then <see cref="OpKind.CompleteConnect"/>) at the same instant.</item>
/// <item><see cref="OpKind.BeginConnect"/>: a connect whose adapter parks (<see cref="ConnectGate"/>): its reservation is
/// saved and the command stays running, as a real setup waiting on a consent screen does. A later
/// <see cref="OpKind.CompleteConnect"/> or <see cref="OpKind.FailConnect"/> of that provider lets the adapter accept or
/// refuse, and the running command completes or releases the reservation. That is the service's own flow, so nothing
/// about reservations is simulated; mapping Begin/Complete to two separate commands was not an option, because the
/// service offers no command to complete or release a reservation by itself.</item>
/// <item><see cref="OpKind.CompleteConnect"/> or <see cref="OpKind.FailConnect"/> with no parked connect for the provider: there
/// is nothing the service could be asked, so the harness runs a sweep (the lazy expiry the model does first) and
/// checks that the model also expected nothing to settle.</item>
/// <item>A parked connect whose reservation is gone (expired, disconnected, replaced) is answered, refused, before
/// anything can reserve that provider again; its late answer then changes nothing but the expiries the model makes
/// at that instant anyway. Without this, its late completion would settle the newer reservation (the store settles
/// reservations by provider, not by request).</item>
/// <item><see cref="OpKind.ApplyCatalog"/>: the service takes its catalog from configuration and has no catalog edit,
/// so these steps are dropped.</item>
/// <item>Connect, replace with or reconnect a native feature: the service answers <see cref="OutcomeStatus.NativeFeature"/>
/// without loading the store (no adapter can exist for the key), so it neither expires due reservations lazily nor
/// says first that the replaced app is not connected, as the store would. The harness expects that answer and
/// runs a sweep after it for the expiries.</item>
/// </list>
/// </remarks>
internal sealed class ServiceHarness : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 25, 9, 0);
    private static readonly Actor Merchant = Actor.Merchant("merchant-p");

    private readonly FakeClock _clock = new(Start);
    private readonly ConnectGate _gate = new();
    private readonly ServiceFixture.RecordingSink _sink = new();
    private readonly ConnectedAppsService _service;
    private readonly Dictionary<int, (ConnectAppCommand Command, Task<ConnectedAppsResult> Answer)> _parked = [];
    private readonly ServiceHarnessCounts _counts;
    private int _step;
    private int _eventsSeen;
    private int _keys;
    private readonly IStoreEventLog? _feed;
    private FeedPosition _feedSeen;

    private ServiceHarness(ServiceHarnessCounts counts, IStoreRepository repository, StoreId id)
    {
        _counts = counts;
        Id = id;
        _feed = repository as IStoreEventLog;
        var adapters = ModelWorld.Providers.Where(p => !NativeFeatures.TryGetNative(p.Key, out _)).Select(p => new ModelProviderAdapter(p, _gate));
        var options = ServiceFixture.TestOptions();
        options.ActivityResolution = ModelWorld.ActivityResolution.ToTimeSpan();
        _service = new ConnectedAppsService(
            repository, adapters, [_sink], _clock, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ConnectedAppsService>.Instance, null);
        Model = StoreModel.Open(0, Start);
    }

    private StoreId Id { get; }

    private StoreModel Model { get; set; }

    public static void Run(Scenario scenario) => Run(scenario, new ServiceHarnessCounts());

    /// <summary>Runs on a thread-pool thread, so no test synchronization context sits under the service's awaits.</summary>
    public static void Run(Scenario scenario, ServiceHarnessCounts counts) =>
        Run(scenario, counts, new InMemoryStoreRepository(), new StoreId("store-p"));

    /// <summary>Runs against a given repository (such as a database shared by many runs), on a store id no other run uses.</summary>
    public static void Run(Scenario scenario, ServiceHarnessCounts counts, IStoreRepository repository, StoreId id) =>
        Task.Run(() => RunAsync(scenario, counts, repository, id)).GetAwaiter().GetResult();

    public void Dispose() => _service.Dispose();

    private static async Task RunAsync(Scenario scenario, ServiceHarnessCounts counts, IStoreRepository repository, StoreId id)
    {
        using var harness = new ServiceHarness(counts, repository, id);
        try
        {
            await harness.OpenAsync(scenario.StartPlan);
            foreach (var op in scenario.Ops)
            {
                await harness.StepAsync(op);
            }
        }
        finally
        {
            await harness.ReleaseAllAsync();
        }
    }

    private async Task OpenAsync(int plan)
    {
        var opened = await _service.OpenStoreAsync(new OpenStoreCommand(Id, new PlanId(ModelWorld.PlanIds[plan]), Merchant, NextKey()), CancellationToken.None);
        Assert.True(opened.IsSuccess, opened.ToString());
        Model = StoreModel.Open(plan, Start);
        await CheckAsync(null, new Prediction(null, 0, []), Observed.Nothing, 0);
    }

    private async Task StepAsync(StoreOp op)
    {
        _counts.Hit("steps");
        if (op.Kind == OpKind.ApplyCatalog)
        {
            _counts.Hit("catalog edit dropped");
            return;
        }

        _step++;
        var versionBefore = Model.Version;
        var before = Model.WithAck(op.Kind == OpKind.ChangePlanDisconnecting ? AckMode.Fresh : op.Ack);
        var (next, prediction) = op.Kind == OpKind.Connect ? ConnectInTwoSteps(before, op) : before.Step(op);
        var observed = await ExecuteAsync(op, before);
        Model = next;
        await CheckAsync(op, prediction, observed, versionBefore);
    }

    /// <summary>The model of the service's connect: reserve, then (if reserved) activate.</summary>
    private static (StoreModel, Prediction) ConnectInTwoSteps(StoreModel before, StoreOp op)
    {
        var (reserved, first) = before.Step(op with { Kind = OpKind.BeginConnect });
        if (first.Status != OutcomeStatus.Reserved)
        {
            return (reserved, first);
        }

        var (activated, second) = reserved.Step(op with { Kind = OpKind.CompleteConnect });
        return (activated, second with { NearlyFull = first.NearlyFull });
    }

    private async Task<Observed> ExecuteAsync(StoreOp op, StoreModel before)
    {
        var provider = ModelWorld.Providers[op.Provider];
        var key = provider.Key;
        switch (op.Kind)
        {
            case OpKind.Connect:
                await AnswerOrphanAsync(op.Provider, before);
                return await SendAsync(new ConnectAppCommand(Id, key, Setup(key, op.ValidSetup), Merchant, NextKey()), IsNative(key));
            case OpKind.BeginConnect:
                return await BeginAsync(op, before);
            case OpKind.CompleteConnect or OpKind.FailConnect:
                return await SettleAsync(op);
            case OpKind.Disconnect:
                return await SendAsync(await AcknowledgementAsync(op.Ack, key, []) is { } ack
                    ? new DisconnectAppCommand(Id, key, ack, Merchant, NextKey())
                    : new DisconnectAppCommand(Id, key, Merchant, NextKey()), false);
            case OpKind.Replace:
                var replacement = ModelWorld.Providers[op.Other].Key;
                await AnswerOrphanAsync(op.Other, before);
                var setup = Setup(replacement, op.ValidSetup);
                return await SendAsync(await AcknowledgementAsync(op.Ack, key, []) is { } replaceAck
                    ? new ReplaceAppCommand(Id, key, replacement, setup, replaceAck, Merchant, NextKey())
                    : new ReplaceAppCommand(Id, key, replacement, setup, Merchant, NextKey()), IsNative(replacement));
            case OpKind.ChangePlan:
                return await SendAsync(new ChangePlanCommand(Id, new PlanId(ModelWorld.PlanIds[op.Plan]), Merchant, NextKey()), false);
            case OpKind.ChangePlanDisconnecting:
                var named = before.Selection(op.Number).Select(i => ModelWorld.Providers[i]).ToArray();
                var acks = new List<ImpactAcknowledgement>();
                foreach (var app in named.Where(d => ModelWorld.Policy.IsCritical(d.Category)))
                {
                    acks.Add((await AcknowledgementAsync(AckMode.Fresh, app.Key, [.. named.Select(n => n.Key).Where(k => k != app.Key)]))!);
                }

                return await SendAsync(new ChangePlanCommand(Id, new PlanId(ModelWorld.PlanIds[op.Plan]), named.Select(d => d.Key), acks, Merchant, NextKey()), false);
            case OpKind.RecordActivity:
                return await SendAsync(new RecordActivityCommand(Id, key, Merchant, NextKey()), false);
            case OpKind.MarkNeedsAttention:
                return await SendAsync(new MarkNeedsAttentionCommand(Id, key, AttentionReason.CredentialsRevoked, Merchant, NextKey()), false);
            case OpKind.Reconnect:
                return await SendAsync(new ReconnectAppCommand(Id, key, Setup(key, op.ValidSetup), Merchant, NextKey()), IsNative(key));
            case OpKind.UseAiCredits:
                return await SendAsync(new UseAiCreditsCommand(Id, op.Number, AiUsePurpose.Summarize, Merchant, NextKey()), false);
            case OpKind.ExpireReservations:
                var from = (int)Model.Version;
                await SweepAsync();
                var ledger = (await _service.ReadLedgerAsync(Id, CancellationToken.None))!;
                return Observed.Nothing with { Expired = [.. ledger.Entries.Skip(from).Where(e => e.Kind == SlotEntryKind.Expired).Select(e => e.Provider!.Value)] };
            case OpKind.AdvanceClock:
                _clock.Advance(Duration.FromMinutes(op.Number));
                return Observed.Nothing;
            case OpKind.AdvanceToDeadline:
                _clock.Reset(before.DeadlineTarget(op.Number));
                return Observed.Nothing;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "Unknown operation.");
        }
    }

    /// <summary>A connect whose adapter parks: the command keeps running, its slot reserved, until the op that settles it.</summary>
    private async Task<Observed> BeginAsync(StoreOp op, StoreModel before)
    {
        await AnswerOrphanAsync(op.Provider, before);
        var key = ModelWorld.Providers[op.Provider].Key;
        var command = new ConnectAppCommand(Id, key, Setup(key, op.ValidSetup), Merchant, NextKey());
        var entered = _gate.Arm(key);
        var answer = _service.ConnectAsync(command, CancellationToken.None);
        await Task.WhenAny(entered, answer);
        if (answer.IsCompleted)
        {
            // Refused before the provider was asked (limit, setup, already connected, ...): an ordinary answer.
            _gate.Disarm(key);
            return await RepliedAsync(command, await answer, IsNative(key));
        }

        // Still running, so there is no answer yet: the reservation the model predicts is checked in the stored store,
        // and the same connect sent again must say it is in progress.
        _parked[op.Provider] = (command, answer);
        _counts.Hit("setup held open");
        var again = await ServiceCommands.SendAsync(_service, command);
        Assert.True(again.Status == OutcomeStatus.InProgress, $"after step {_step} ({op}): the same connect sent again while its setup is open answered {again}");
        return Observed.Nothing with { Status = OutcomeStatus.Reserved };
    }

    private async Task<Observed> SettleAsync(StoreOp op)
    {
        var key = ModelWorld.Providers[op.Provider].Key;
        if (!_parked.Remove(op.Provider, out var parked))
        {
            _counts.Hit("nothing to settle");
            await SweepAsync();
            return Observed.Nothing with { NothingToSettle = true };
        }

        _gate.Release(key, accept: op.Kind == OpKind.CompleteConnect);
        var answer = await parked.Answer;
        if (answer.IsReplay && answer.Status == OutcomeStatus.ReservationExpired)
        {
            // The clock passed the reservation's deadline by more than the abandon margin, and a sweep abandoned the connect:
            // its record answers. The store had nothing to settle, which the model must agree with.
            _counts.Hit("held setup answered after its connect was abandoned");
            return Observed.Nothing with { NothingToSettle = true };
        }

        _counts.Hit($"held setup {(op.Kind == OpKind.CompleteConnect ? "accepted" : "refused")}: {answer.Status}");
        return await RepliedAsync(parked.Command, answer, false);
    }

    /// <summary>Answers, refused, a parked connect whose reservation is gone or due, before anything may reserve its provider again.</summary>
    private async Task AnswerOrphanAsync(int provider, StoreModel before)
    {
        var app = before.Find(provider);
        if ((app is null || (app.State == ConnectionState.Pending && app.Until <= before.Now)) && _parked.Remove(provider, out var orphan))
        {
            _gate.Release(ModelWorld.Providers[provider].Key, accept: false);
            await orphan.Answer;
            _counts.Hit("orphaned setup answered late");
        }
    }

    private async Task ReleaseAllAsync()
    {
        foreach (var (provider, parked) in _parked)
        {
            _gate.Release(ModelWorld.Providers[provider].Key, accept: false);
            await parked.Answer;
        }

        _parked.Clear();
    }

    private async Task<Observed> SendAsync(ConnectedAppsCommand command, bool nativeShortcut) =>
        await RepliedAsync(command, await ServiceCommands.SendAsync(_service, command), nativeShortcut);

    /// <summary>Idempotency: the same command sent again answers the first result and acts no second time.</summary>
    private async Task<Observed> RepliedAsync(ConnectedAppsCommand command, ConnectedAppsResult answer, bool nativeShortcut)
    {
        var again = await ServiceCommands.SendAsync(_service, command);
        // Activity already on record within the resolution is answered without a save, so without a record: its resend
        // runs again, and must answer the same without appending anything (R11).
        var onRecordAgain = command is RecordActivityCommand && !answer.IsReplay && answer.Status == OutcomeStatus.ActivityRecorded
            && !again.IsReplay && again.Status == OutcomeStatus.ActivityRecorded && again.StoreVersion == answer.StoreVersion;
        Assert.True(
            onRecordAgain || (again.IsReplay && ResultText.Of(again) == ResultText.Of(answer)),
            $"after step {_step}: {command} answered {ResultText.Of(answer)}, sent again {(again.IsReplay ? "(replay) " : "")}{ResultText.Of(again)}");
        _counts.Hit("replays");
        if (nativeShortcut)
        {
            _counts.Hit("native feature answered before the store");
            await SweepAsync();
        }

        return new Observed(answer.Status, answer, nativeShortcut, false, null);
    }

    private async Task SweepAsync()
    {
        var report = await _service.SweepAsync(CancellationToken.None);
        if (report.ReservationsExpired > 0)
        {
            _counts.Hit("sweep expired a reservation");
        }
    }

    /// <summary>As <see cref="StoreHarness"/> makes them, from the store as the service reads it (before any lazy expiry).</summary>
    private async Task<ImpactAcknowledgement?> AcknowledgementAsync(AckMode mode, ProviderKey key, ProviderKey[] alongWith)
    {
        var appsVersion = (await _service.GetStoreAsync(Id, CancellationToken.None))!.AppsVersion;
        switch (mode)
        {
            case AckMode.Fresh:
                var report = await _service.AssessImpactAsync(Id, key, alongWith, CancellationToken.None);
                return report?.Assessment.Acknowledge() ?? new ImpactAcknowledgement(Id, key, appsVersion, []);
            case AckMode.Stale:
                return new ImpactAcknowledgement(Id, key, StoreModel.AckVersion(mode, appsVersion)!.Value, ModelWorld.Providers.First(p => p.Key == key).Workflows);
            case AckMode.Narrow:
                return new ImpactAcknowledgement(Id, key, appsVersion, []);
            default:
                return null;
        }
    }

    private IdempotencyKey NextKey() => new($"k{++_keys}");

    private static bool IsNative(ProviderKey key) => NativeFeatures.TryGetNative(key, out _);

    /// <summary>A setup that passes or fails the descriptor's field checks, as <paramref name="valid"/> says.</summary>
    private static ProviderSetup Setup(ProviderKey key, bool valid) =>
        !valid ? ProviderSetup.Empty.With("no-such-field", "x")
        : BuiltInSetups.Adapters.Any(a => a.Descriptor.Key == key) ? BuiltInSetups.For(key)
        : ProviderSetup.Empty;

    /// <summary>
    /// The service's word for the model's store outcome: a connect ends by activating its reservation, and the service answers
    /// that <see cref="OutcomeStatus.Connected"/> (one word per operation); a provider's refusal releases it, and the service
    /// answers <see cref="OutcomeStatus.ProviderRefused"/>.
    /// </summary>
    private static OutcomeStatus? ServiceWord(StoreOp? op, OutcomeStatus? store) => (op?.Kind, store) switch
    {
        (OpKind.Connect or OpKind.CompleteConnect, OutcomeStatus.Activated) => OutcomeStatus.Connected,
        (OpKind.FailConnect, OutcomeStatus.Released) => OutcomeStatus.ProviderRefused,
        _ => store,
    };

    private async Task CheckAsync(StoreOp? op, Prediction prediction, Observed observed, long versionBefore)
    {
        var where = $"after step {_step} ({op?.ToString() ?? "open"})";

        // The answer is the model's outcome.
        if (observed.NothingToSettle)
        {
            Assert.True(
                prediction.Status is OutcomeStatus.NotConnected or OutcomeStatus.NotPending or OutcomeStatus.ReservationExpired,
                $"{where}: no setup of this provider was open, but the model expected {prediction.Status}");
        }
        else
        {
            var expected = observed.NativeShortcut ? OutcomeStatus.NativeFeature : ServiceWord(op, prediction.Status);
            Assert.True(expected == observed.Status, $"{where}: the model expected {expected?.ToString() ?? "no outcome"}, the service answered {observed.Answer?.ToString() ?? observed.Status?.ToString()}");
        }

        if (observed.Status == OutcomeStatus.DowngradeNeedsDisconnects)
        {
            Assert.True(prediction.AppsToDisconnect == observed.Answer!.AppsToDisconnect(), $"{where}: the model expected {prediction.AppsToDisconnect} apps to go, the service said {observed.Answer!.AppsToDisconnect()}");
        }

        if (observed.Expired is { } expired)
        {
            Assert.True(prediction.Expired.SequenceEqual(expired), $"{where}: expected the sweep to expire [{string.Join(", ", prediction.Expired)}], it expired [{string.Join(", ", expired)}]");
        }

        // The store as stored: rebuilt from its whole ledger (R15), and the snapshot the service decides on must be
        // exactly what that replay gives.
        var ledger = (await _service.ReadLedgerAsync(Id, CancellationToken.None))!;
        var verification = ledger.Verify();
        Assert.True(verification.IsValid, $"{where}: the stored ledger does not verify: {verification}");
        Assert.True(ledger.Entries.All(e => e.Allowance.Covers(e.SlotsInUse)), $"{where}: a stored entry is over its allowance (R3)");
        var store = Store.FromLedger(ledger, _service.Policy, _clock);
        var audit = (await _service.VerifyAsync(Id, CancellationToken.None))!;
        Assert.True(audit.IsSound, $"{where}: {audit}");
        var occupying = store.GetApps().Count(a => a.State is ConnectionState.Pending or ConnectionState.Active or ConnectionState.NeedsAttention);
        Assert.True(occupying == store.SlotsInUse, $"{where}: {store.SlotsInUse} slots in use but {occupying} occupying apps (R17)");
        Assert.False(store.GetApps().Any(a => IsNative(a.Key)), $"{where}: a native feature is counted as a connected app (R2)");
        var expectedState = Describe(Model.PlanId(), Model.Allowance, Model.Credits, Model.Version, Model.AppsVersion,
            Model.Ordered.Select(a => (a.Key, a.State, a.ConnectedAt, a.Until, a.LastActivity)));
        var actualState = Describe(store.PlanId.Value, store.Allowance.Slots, store.AiCreditBalance, store.Version, store.AppsVersion,
            store.GetApps().Select(a => (a.Key.Value, a.State, a.ConnectedAt, a.PendingUntil, a.LastActivityAt)));
        Assert.True(expectedState == actualState, $"{where}: the stored store differs from the model.\nmodel:   {expectedState}\nservice: {actualState}");

        // R18: each saved change published its event once, after the save; a refusal at the limit and a crossing of the
        // nearly-full threshold published theirs; nothing else was published.
        var events = _sink.Events.Skip(_eventsSeen).ToArray();
        _eventsSeen += events.Length;
        var expectedEvents = ledger.Entries.Skip((int)versionBefore).Select(e => EventFor(e.Kind)).OfType<string>().ToList();
        var changeEvents = events.Where(e => e is not (ConnectRefusedAtLimit or SlotsNearlyFull)).Select(e => e.GetType().Name).ToList();
        Assert.True(expectedEvents.SequenceEqual(changeEvents), $"{where}: expected events [{string.Join(", ", expectedEvents)}], got [{string.Join(", ", changeEvents)}]");
        Assert.True(
            events.Count(e => e is ConnectRefusedAtLimit) == (observed.Status == OutcomeStatus.LimitReached ? 1 : 0),
            $"{where}: a refusal at the limit must publish exactly one ConnectRefusedAtLimit; got [{string.Join(", ", events.Select(e => e.GetType().Name))}]");
        Assert.True(
            events.Count(e => e is SlotsNearlyFull) == (prediction.NearlyFull ? 1 : 0),
            $"{where}: the model {(prediction.NearlyFull ? "expected" : "did not expect")} a nearly-full event; got [{string.Join(", ", events.Select(e => e.GetType().Name))}]");

        // The feed keeps every saved change's events but a refusal at the limit, the same events the sinks were given,
        // each with its id: the change's last entry, and its index there.
        if (_feed is not null)
        {
            var kept = events.Where(e => e is not ConnectRefusedAtLimit).Select(e => e.ToString()).ToArray();
            var fed = await ReadOwnFeedAsync(kept.Length);
            Assert.True(kept.SequenceEqual(fed.Select(f => f.Event.ToString())), $"{where}: the sinks got [{string.Join(", ", kept)}]; the feed holds [{string.Join(", ", fed.Select(f => f.Event))}]");
            foreach (var change in fed.GroupBy(f => f.Position))
            {
                var ids = change.Select(f => f.Id).ToArray();
                Assert.True(
                    ids.Select((id, i) => id.Store == Id && id.Index == i && id.Sequence == ids[0].Sequence).All(ok => ok) && ids[0].Sequence <= ledger.LastSequence,
                    $"{where}: the feed's ids of one change are [{string.Join(", ", ids.Select(i => i.ToString()))}]");
            }
        }
    }

    /// <summary>This store's feed events after the last ones seen: as many as expected, waiting a little for them to become readable (a database's feed holds back while any older transaction is open).</summary>
    private async Task<IReadOnlyList<FeedEvent>> ReadOwnFeedAsync(int expected)
    {
        var found = new List<FeedEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var page = await _feed!.ReadFeedAsync(_feedSeen, 1000, CancellationToken.None);
            found.AddRange(page.Events.Where(e => e.Id.Store == Id));
            _feedSeen = page.Next;
            if ((found.Count >= expected && page.Events.Count == 0) || DateTime.UtcNow > deadline)
            {
                return found;
            }

            if (page.Events.Count == 0)
            {
                await Task.Delay(20);
            }
        }
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

    /// <summary>What the service did in one step.</summary>
    /// <param name="Status">The outcome it answered; null when no command was sent.</param>
    /// <param name="Answer">The answer, when a command completed.</param>
    /// <param name="NativeShortcut">The service answered for a native feature without loading the store.</param>
    /// <param name="NothingToSettle">A complete or fail found no open setup to answer, so nothing was sent.</param>
    /// <param name="Expired">For a sweep: the providers it expired, in ledger order.</param>
    private sealed record Observed(OutcomeStatus? Status, ConnectedAppsResult? Answer, bool NativeShortcut, bool NothingToSettle, IReadOnlyList<string>? Expired)
    {
        public static Observed Nothing { get; } = new(null, null, false, false, null);
    }
}
