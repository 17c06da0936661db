using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// A generated history cut in three: the operations before the snapshot is taken, those the live store alone runs
/// after it (they become the tail of ledger entries after the snapshot), and those run on the live store, the store
/// rebuilt from the snapshot and the store replayed from its whole ledger alike.
/// </summary>
/// <param name="Scenario">The plan the store opens on and every operation.</param>
/// <param name="SnapshotAfter">How many operations run before the snapshot is taken (0 = right after opening).</param>
/// <param name="RebuildAfter">How many operations run before the two stores are rebuilt; at least <paramref name="SnapshotAfter"/>.</param>
public sealed record SnapshotCase(Scenario Scenario, int SnapshotAfter, int RebuildAfter)
{
    public override string ToString()
    {
        var ops = Scenario.Ops;
        var lines = new List<string> { $"open on {ModelWorld.PlanIds[Scenario.StartPlan]}, {ops.Length} ops:" };
        for (var i = 0; i <= ops.Length; i++)
        {
            if (i == SnapshotAfter)
            {
                lines.Add("  -- snapshot taken --");
            }

            if (i == RebuildAfter)
            {
                lines.Add("  -- rebuilt from the snapshot plus tail, and from the whole ledger --");
            }

            if (i < ops.Length)
            {
                lines.Add($"  #{i + 1} {ops[i]}");
            }
        }

        return string.Join("\n", lines);
    }
}

/// <summary>Generators for <see cref="SnapshotCase"/>: the model property's scenarios, cut at random places.</summary>
public static class SnapshotArbitraries
{
    public static Gen<SnapshotCase> CaseGen { get; } =
        from scenario in StoreArbitraries.ScenarioGen
        from snapshotAfter in Gen.Choose(0, scenario.Ops.Length)
        from rebuildAfter in Gen.Choose(snapshotAfter, scenario.Ops.Length)
        select new SnapshotCase(scenario, snapshotAfter, rebuildAfter);

    /// <summary>Cases that shrink by dropping runs of operations (the cuts follow the operations they sat between), so a counterexample ends as a short script.</summary>
    public static Arbitrary<SnapshotCase> SnapshotCase() => Arb.From(CaseGen, Shrink);

    private static IEnumerable<SnapshotCase> Shrink(SnapshotCase c)
    {
        var length = c.Scenario.Ops.Length;
        for (var size = length; size >= 1; size /= 2)
        {
            for (var start = 0; start + size <= length; start += size)
            {
                yield return Without(c, start, size);
            }
        }

        // No operations between snapshot and rebuild: the tail is then empty.
        if (c.RebuildAfter > c.SnapshotAfter)
        {
            var ops = c.Scenario.Ops;
            yield return new SnapshotCase(c.Scenario with { Ops = [.. ops[..c.SnapshotAfter], .. ops[c.RebuildAfter..]] }, c.SnapshotAfter, c.SnapshotAfter);
        }
    }

    private static SnapshotCase Without(SnapshotCase c, int start, int size)
    {
        var ops = c.Scenario.Ops;
        int Cut(int cut) => cut <= start ? cut : Math.Max(start, cut - size);
        return new SnapshotCase(c.Scenario with { Ops = [.. ops[..start], .. ops[(start + size)..]] }, Cut(c.SnapshotAfter), Cut(c.RebuildAfter));
    }
}

/// <summary>
/// Runs a <see cref="SnapshotCase"/>: a live store runs the history, a snapshot is taken at the first cut, and at the
/// second cut the store is rebuilt twice, from the snapshot plus the entries after it and from its whole ledger. From
/// then on every operation is made on all three with the same arguments and the same clock reading, and their answers,
/// events, new entries, state and snapshot bytes must agree after each one (R15: the ledger is the truth, and a
/// snapshot is only a faster way to the same store). The live store is also checked against <see cref="StoreModel"/>,
/// so that three stores agreeing on a wrong answer is caught too.
/// </summary>
internal sealed class SnapshotReplayHarness
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 25, 9, 0);
    private static readonly Actor Merchant = Actor.Merchant("merchant-s");

    // One clock for all three stores: a clock move is made once, so every store reads the same instants.
    private readonly FakeClock _clock = new(Start);
    private readonly Store _live;

    // Null once the clock has stepped back: the model's clock only goes forward.
    private StoreModel? _model;
    private int _step;

    private SnapshotReplayHarness(int startPlan)
    {
        _live = TestStores.Open(new StoreId("store-s"), new PlanId(ModelWorld.PlanIds[startPlan]), ModelWorld.Policy, _clock, Merchant);
        _live.TakeEvents();
        _model = StoreModel.Open(startPlan, Start);
    }

    /// <summary>Runs the case.</summary>
    /// <param name="c">The case.</param>
    /// <param name="viaBytes">Rebuild from <see cref="StoreSnapshot.FromBytes"/> of the snapshot's bytes, as a repository does, rather than from the snapshot in memory.</param>
    /// <param name="stepBack">How far the clock steps back just before the rebuild; zero for not at all.</param>
    public static void Run(SnapshotCase c, bool viaBytes, Duration stepBack)
    {
        var harness = new SnapshotReplayHarness(c.Scenario.StartPlan);
        harness.Run(c.Scenario.Ops, c.SnapshotAfter, c.RebuildAfter, viaBytes, stepBack);
    }

    private void Run(StoreOp[] ops, int snapshotAfter, int rebuildAfter, bool viaBytes, Duration stepBack)
    {
        foreach (var op in ops[..snapshotAfter])
        {
            StepLiveOnly(op);
        }

        var version = _live.Version;
        var snapshot = _live.TakeSnapshot();
        Assert.True(snapshot.Version == version && snapshot.Store == _live.Id, $"{snapshot} taken of {_live}");

        // Bytes made at once, of a second snapshot: the first makes its bytes only when asked, after the live store
        // has gone on; if the two differ, the snapshot shares something the live store changes.
        var asTaken = _live.TakeSnapshot().ToBytes().ToArray();
        foreach (var op in ops[snapshotAfter..rebuildAfter])
        {
            StepLiveOnly(op);
        }

        SameBytes($"the snapshot at version {version}, made into bytes after the live store went on to version {_live.Version}, and bytes made when it was taken", asTaken, snapshot.ToBytes());

        var source = viaBytes ? StoreSnapshot.FromBytes(_live.Id, version, snapshot.ToBytes().Span) : snapshot;
        var tail = _live.Ledger.Entries.Skip((int)version).ToArray();
        if (stepBack > Duration.Zero)
        {
            // Behind the last entry: a store never writes an entry earlier than its last, so the rebuilt one must know that entry's instant.
            _clock.Reset(_clock.GetCurrentInstant() - stepBack);
            _model = null;
        }

        var rebuiltAt = _live.Version;
        var fromSnapshot = Store.TryFromSnapshot(source, tail, _live.Policy, _clock, out var problem);
        Assert.True(fromSnapshot is not null, $"the snapshot at version {version} with {tail.Length} entries after it was not trusted: {problem}");
        Assert.Null(problem);
        var replayed = Store.FromLedger(_live.Ledger, _live.Policy, _clock);
        _live.TakeEvents();

        // The rebuilt store holds only the entries it appends; the replayed one the whole ledger.
        Assert.True(fromSnapshot.Ledger.StartsAfter == rebuiltAt && fromSnapshot.Ledger.Entries.Count == 0, $"the store from the snapshot starts its ledger after {fromSnapshot.Ledger.StartsAfter} with {fromSnapshot.Ledger.Entries.Count} entries; expected after {rebuiltAt}, none");
        Assert.Equal(_live.Ledger.Entries, replayed.Ledger.Entries);
        Assert.Empty(fromSnapshot.PendingEvents);

        var stores = new[] { ("live", _live), ("from snapshot", fromSnapshot), ("full replay", replayed) };
        CheckSameStores("at the rebuild", stores);
        var bytesAtRebuild = replayed.TakeSnapshot().ToBytes().ToArray();
        ProbeEveryApp(
            () => Store.TryFromSnapshot(source, tail, _live.Policy, _clock, out var problemForProbe) ?? throw new InvalidOperationException($"the snapshot, used a second time, was not trusted: {problemForProbe}"),
            () => Store.FromLedger(_live.Ledger, _live.Policy, _clock));

        foreach (var op in ops[rebuildAfter..])
        {
            StepAll(op, stores);
        }

        var appended = _live.Ledger.Entries.Skip((int)rebuiltAt).Select(e => e.ToString()).ToArray();
        Assert.Equal(appended, fromSnapshot.Ledger.Entries.Select(e => e.ToString()).ToArray());
        Assert.Equal(appended, replayed.Ledger.Entries.Skip((int)rebuiltAt).Select(e => e.ToString()).ToArray());

        // The snapshot itself is untouched by the store built from it: built again, it gives the store as it was then.
        var again = Store.TryFromSnapshot(source, tail, _live.Policy, _clock, out var problemAgain);
        Assert.True(again is not null, $"the same snapshot and tail, used a second time, were not trusted: {problemAgain}");
        SameBytes("a second store built from the same snapshot and tail, and the full replay at the rebuild", bytesAtRebuild, again.TakeSnapshot().ToBytes());
    }

    /// <summary>
    /// Runs a case on the live store alone and names the edges it reaches at the snapshot, in the tail and after the
    /// rebuild: proves the generator makes the cases the properties must cover.
    /// </summary>
    public static IEnumerable<string> Survey(SnapshotCase c)
    {
        var harness = new SnapshotReplayHarness(c.Scenario.StartPlan);
        var ops = c.Scenario.Ops;
        foreach (var op in ops[..c.SnapshotAfter])
        {
            harness.StepLiveOnly(op);
        }

        var state = harness._live.TakeSnapshot().TryGetState(out _)!;
        var apps = harness._live.GetApps();
        var edges = new List<string>();
        void Reached(bool reached, string edge)
        {
            if (reached)
            {
                edges.Add(edge);
            }
        }

        Reached(apps.Any(a => a.State == ConnectionState.Pending), "snapshot holds a pending reservation");
        Reached(apps.Any(a => a.State == ConnectionState.NeedsAttention), "snapshot holds an app needing attention");
        Reached(apps.Any(a => a.LastActivityAt is not null), "snapshot holds recorded activity");
        Reached(state.Apps.FreePlaces.Length > 0, "snapshot holds free table places");
        Reached(state.Expired is { Count: > 0 }, "snapshot remembers an expired reservation");
        Reached(state.Allowance.Slots is null, "snapshot on an unlimited allowance");
        Reached(state.Allowance.Slots == 0, "snapshot on an allowance of 0");
        Reached(state.AppsVersion < state.Version, "snapshot with an apps version behind its version");
        var version = harness._live.Version;
        foreach (var op in ops[c.SnapshotAfter..c.RebuildAfter])
        {
            harness.StepLiveOnly(op);
        }

        Reached(harness._live.Version == version, "empty tail");
        Reached(harness._live.Version >= version + 5, "tail of five entries or more");
        foreach (var op in ops[c.RebuildAfter..])
        {
            var hadApp = harness._live.GetApps().Any(a => a.Key == ModelWorld.Providers[op.Provider].Key);
            var freePlaces = harness._live.TakeSnapshot().TryGetState(out _)!.Apps.FreePlaces.Length;
            var answer = harness.StepLiveOnly(op);
            Reached(!hadApp && answer?.Outcome?.Status == OutcomeStatus.ReservationExpired, "late completion after the rebuild answers ReservationExpired");
            Reached(freePlaces > 0 && answer?.Outcome?.Status is OutcomeStatus.Connected or OutcomeStatus.Reserved, "connect after the rebuild reuses a free place");
            Reached(answer?.Outcome?.Status == OutcomeStatus.AcknowledgementStale, "stale acknowledgement after the rebuild");
            Reached(answer?.Outcome?.Status == OutcomeStatus.LimitReached, "limit reached after the rebuild");
        }

        return edges;
    }

    private Answer? StepLiveOnly(StoreOp op)
    {
        _step++;
        if (MoveClock(op))
        {
            return null;
        }

        var answer = Call(op, _live)(_live);
        CheckModel(op, answer);
        return answer;
    }

    /// <summary>
    /// Completes the setup of every provider of the cast, one after the other, on a second pair of rebuilt stores: what
    /// the store remembers about each app (pending, live, expired, never there) is asked at once, where random later
    /// operations would ask only now and then. A late completion of an expired reservation is the case this is for.
    /// </summary>
    private void ProbeEveryApp(Func<Store> fromSnapshot, Func<Store> replayed)
    {
        var (candidate, reference) = (fromSnapshot(), replayed());
        foreach (var provider in ModelWorld.Providers)
        {
            Func<Store, Answer> call = s => new(s.CompleteConnect(provider.Key, Merchant), null);
            var (expected, actual) = (Observe(reference, call), Observe(candidate, call));
            var where = $"probe after step {_step}: CompleteConnect({provider.Key})";
            Same($"{where}: the answer of a store from the snapshot", expected.Outcome, actual.Outcome);
            Same($"{where}: the events of a store from the snapshot", string.Join("\n", expected.Events), string.Join("\n", actual.Events));
            Same($"{where}: the entries a store from the snapshot appended", string.Join("\n", expected.Entries), string.Join("\n", actual.Entries));
        }
    }

    private void StepAll(StoreOp op, (string Name, Store Store)[] stores)
    {
        _step++;
        if (MoveClock(op))
        {
            return;
        }

        var call = Call(op, _live);
        var observed = stores.Select(s => Observe(s.Store, call)).ToArray();
        CheckModel(op, observed[0].Answer);
        var where = $"step {_step} ({op})";
        for (var i = 1; i < stores.Length; i++)
        {
            var (expected, actual) = (observed[0], observed[i]);
            Same($"{where}: the answer of the {stores[i].Name} store", expected.Outcome, actual.Outcome);
            Same($"{where}: the events of the {stores[i].Name} store", string.Join("\n", expected.Events), string.Join("\n", actual.Events));
            Same($"{where}: the entries the {stores[i].Name} store appended", string.Join("\n", expected.Entries), string.Join("\n", actual.Entries));
        }

        CheckSameStores($"after {where}", stores);
    }

    /// <summary>Same state and same snapshot bytes: the bytes hold the table's layout too, which the public state does not show.</summary>
    private static void CheckSameStores(string where, (string Name, Store Store)[] stores)
    {
        var state = Describe(stores[0].Store);
        var bytes = stores[0].Store.TakeSnapshot().ToBytes();
        foreach (var (name, store) in stores.Skip(1))
        {
            Same($"{where}: the state of the {name} store", state, Describe(store));
            SameBytes($"{where}: the snapshot bytes of the {name} store against the live store's", bytes, store.TakeSnapshot().ToBytes());
        }
    }

    private static Observation Observe(Store store, Func<Store, Answer> call)
    {
        var before = store.Version;
        var answer = call(store);
        var outcome = answer.Outcome is { } o ? Describe(o) : answer.Expired is { } expired ? "expired: " + string.Join("; ", expired.Select(Describe)) : "nothing";
        return new Observation(
            answer,
            outcome,
            [.. store.TakeEvents().Select(e => e.ToString())],
            [.. store.Ledger.Entries.Where(e => e.Sequence > before).Select(e => e.ToString())]);
    }

    private void CheckModel(StoreOp op, Answer answer)
    {
        if (_model is null)
        {
            return;
        }

        var (next, prediction) = _model.WithAck(op.Kind == OpKind.ChangePlanDisconnecting ? AckMode.Fresh : op.Ack).Step(op);
        _model = next;
        Assert.True(prediction.Status == answer.Outcome?.Status, $"step {_step} ({op}): the model expected {prediction.Status?.ToString() ?? "no outcome"}, the live store answered {answer.Outcome?.ToString() ?? "nothing"}");
        if (answer.Expired is { } expired)
        {
            Assert.True(prediction.Expired.SequenceEqual(expired.Select(a => a.Key.Value)), $"step {_step} ({op}): the model expected expiries [{string.Join(", ", prediction.Expired)}], the live store expired [{string.Join(", ", expired.Select(a => a.Key))}]");
        }
    }

    /// <summary>Moves the shared clock for a clock operation, as <see cref="StoreHarness"/> does; answers false for any other operation.</summary>
    private bool MoveClock(StoreOp op)
    {
        switch (op.Kind)
        {
            case OpKind.AdvanceClock:
                _clock.Advance(Duration.FromMinutes(op.Number));
                break;
            case OpKind.AdvanceToDeadline:
                // The earliest deadline the live store holds, plus the offset, never back: the model's DeadlineTarget, read off the store.
                var now = _clock.GetCurrentInstant();
                var earliest = _live.GetApps().Where(a => a.PendingUntil is not null).Select(a => a.PendingUntil!.Value).DefaultIfEmpty(now + Duration.FromMinutes(1)).Min();
                var target = earliest + Duration.FromSeconds(op.Number);
                _clock.Reset(target > now ? target : now);
                break;
            default:
                return false;
        }

        if (_model is not null)
        {
            _model = _model.Step(op).Next;
            Assert.True(_model.Now == _clock.GetCurrentInstant(), $"step {_step} ({op}): the model's clock reads {_model.Now}, the stores' {_clock.GetCurrentInstant()}");
        }

        return true;
    }

    /// <summary>
    /// The call an operation makes, with its arguments (acknowledgements, the apps a downgrade names, the edited catalog)
    /// worked out once on <paramref name="reference"/> before any store is called, so every store gets the very same ones.
    /// </summary>
    private static Func<Store, Answer> Call(StoreOp op, Store reference)
    {
        var provider = ModelWorld.Providers[op.Provider];
        var key = provider.Key;
        var setup = ModelWorld.Setup(key, op.ValidSetup);
        switch (op.Kind)
        {
            case OpKind.Connect:
                return s => new(s.Connect(provider, setup, Merchant), null);
            case OpKind.BeginConnect:
                return s => new(s.BeginConnect(provider, setup, Merchant), null);
            case OpKind.CompleteConnect:
                return s => new(s.CompleteConnect(key, Merchant), null);
            case OpKind.FailConnect:
                return s => new(s.FailConnect(key, Merchant), null);
            case OpKind.Disconnect:
                var ack = Acknowledgement(reference, op.Ack, key, []);
                return s => new(ack is null ? s.Disconnect(key, Merchant) : s.Disconnect(key, ack, Merchant), null);
            case OpKind.Replace:
                var replacement = ModelWorld.Providers[op.Other];
                var setupOfReplacement = ModelWorld.Setup(replacement.Key, op.ValidSetup);
                var replaceAck = Acknowledgement(reference, op.Ack, key, []);
                return s => new(
                    replaceAck is null
                        ? s.Replace(key, replacement, setupOfReplacement, Merchant)
                        : s.Replace(key, replacement, setupOfReplacement, replaceAck, Merchant),
                    null);
            case OpKind.ChangePlan:
                return s => new(s.ChangePlan(new PlanId(ModelWorld.PlanIds[op.Plan]), Merchant), null);
            case OpKind.ChangePlanDisconnecting:
                // The first apps in store order, as the model's Selection names them.
                var named = reference.GetApps().Take(op.Number).Select(a => a.Key).ToArray();
                var acks = reference.GetApps().Take(op.Number)
                    .Where(a => ModelWorld.Policy.IsCritical(a.Category))
                    .Select(a => Acknowledgement(reference, AckMode.Fresh, a.Key, named.Where(k => k != a.Key))!)
                    .ToArray();
                return s => new(s.ChangePlan(new PlanId(ModelWorld.PlanIds[op.Plan]), named, acks, Merchant), null);
            case OpKind.ApplyCatalog:
                reference.Policy.Catalog.TryGetPlan(reference.PlanId, out var plan);
                var catalog = reference.Policy.Catalog.WithPlan(plan!.WithConnectedApps(op.Number < 0 ? SlotAllowance.Unlimited : SlotAllowance.Of(op.Number)));
                return s => new(s.ApplyCatalog(catalog, Merchant), null);
            case OpKind.RecordActivity:
                return s => new(s.RecordActivity(key, Merchant), null);
            case OpKind.MarkNeedsAttention:
                return s => new(s.MarkNeedsAttention(key, AttentionReason.CredentialsRevoked, Merchant), null);
            case OpKind.Reconnect:
                return s => new(s.Reconnect(key, setup, Merchant), null);
            case OpKind.UseAiCredits:
                return s => new(s.UseAiCredits(op.Number, AiUsePurpose.Summarize, Merchant), null);
            case OpKind.ExpireReservations:
                return s => new(null, s.ExpireReservations());
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "Not an operation on a store.");
        }
    }

    /// <summary>The acknowledgements <see cref="StoreHarness"/> sends, so that <see cref="StoreModel"/> predicts the answers.</summary>
    private static ImpactAcknowledgement? Acknowledgement(Store reference, AckMode mode, ProviderKey key, IEnumerable<ProviderKey> alongWith) => mode switch
    {
        AckMode.Fresh when reference.TryAssessImpact(key, alongWith, out var assessment) => assessment.Acknowledge(),
        AckMode.Fresh => new ImpactAcknowledgement(reference.Id, key, reference.AppsVersion, []),
        AckMode.Stale => new ImpactAcknowledgement(reference.Id, key, StoreModel.AckVersion(mode, reference.AppsVersion)!.Value, ModelWorld.Providers.First(p => p.Key == key).Workflows),
        AckMode.Narrow => new ImpactAcknowledgement(reference.Id, key, reference.AppsVersion, []),
        _ => null,
    };

    private static void Same(string what, string expected, string actual) =>
        Assert.True(expected == actual, $"{what} differs.\nexpected: {expected}\nactual:   {actual}");

    private static void SameBytes(string what, ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual)
    {
        var e = expected.Span;
        var a = actual.Span;
        if (!e.SequenceEqual(a))
        {
            var at = 0;
            while (at < e.Length && at < a.Length && e[at] == a[at])
            {
                at++;
            }

            Assert.Fail($"{what}: the bytes differ ({e.Length} against {a.Length} bytes, first difference at byte {at}).");
        }
    }

    /// <summary>A store's state by value: descriptors are compared by their parts, not by reference, since a snapshot read from bytes makes new ones.</summary>
    private static string Describe(Store s) =>
        Invariant($"version {s.Version} appsVersion {s.AppsVersion} plan {s.PlanId} allowance {s.Allowance} used {s.SlotsInUse} credits {s.AiCreditBalance} next deadline {Ticks(s.NextReservationDeadline())}")
        + string.Concat(s.GetApps().Select(a => "\n  " + Describe(a)));

    private static string Describe(ConnectedApp a) =>
        Invariant($"{a.Key} {a.State} connected {Ticks(a.ConnectedAt)} until {Ticks(a.PendingUntil)} activity {Ticks(a.LastActivityAt)} attention {a.AttentionReason} idle since {Ticks(a.IdleSince)} provider [{Describe(a.Provider)}]");

    private static string Describe(ProviderDescriptor d) =>
        Invariant($"{d.Key} '{d.DisplayName}' {d.Category} workflows {string.Join(",", d.Workflows)} fields {string.Join(",", d.SetupFields)} self-service {d.SupportsSelfServiceDisconnect} {d.Availability}");

    /// <summary>Everything an outcome says, with the app by value: what a caller of either store would read.</summary>
    private static string Describe(StoreOutcome o) =>
        Invariant($"{o.Status}: {o.Message} | provider {o.Provider} | app {(o.App is null ? "none" : Describe(o.App))} | details {o.Details?.GetType().Name ?? "none"} {(o.Details is ReplacementDetails r ? r.Assessment + " " : "")}{o.Details}");

    private static string Ticks(Instant? instant) => instant is { } i ? i.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What an operation answered: an outcome, or the expired apps for a sweep.</summary>
    private sealed record Answer(StoreOutcome? Outcome, IReadOnlyList<ConnectedApp>? Expired);

    /// <summary>What one store did for one operation, as text to compare.</summary>
    private sealed record Observation(Answer Answer, string Outcome, string[] Events, string[] Entries);
}
