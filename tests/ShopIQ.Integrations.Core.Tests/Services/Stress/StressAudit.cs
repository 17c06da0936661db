using System.Globalization;
using System.Text;
using NodaTime;
namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>
/// Checks the stores after a stress run against everything the callers were told. Each command has its own
/// actor, so "no lost update" is checked per command: the entries that carry its actor are exactly the ones its
/// answer says it made (a connect that activated wrote Reserved then Activated, a refusal wrote nothing), at
/// the version it answered, and at most one send of each key acted. Entries by no caller are expiries by the
/// system (lazy or by the sweep), each one at or after its reservation's deadline.
/// </summary>
internal sealed class StressAudit
{
    private readonly List<string> _problems = [];
    private readonly Dictionary<string, SentCommand> _byActor;

    public StressAudit(IReadOnlyList<SentCommand> sent)
    {
        _byActor = sent.ToDictionary(s => s.ActorId, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The answers that acted: the command ran now, whether it changed the store or was refused.</summary>
    public static bool Acted(ConnectedAppsResult answer) =>
        !answer.IsReplay && answer.Status is not (OutcomeStatus.InProgress or OutcomeStatus.Conflict);

    /// <summary>The ledger entries an answer that acted says its command wrote, in order (expiries by the system aside).</summary>
    public static IReadOnlyList<SlotEntryKind> EntriesOf(SentCommand sent, ConnectedAppsResult answer)
    {
        if (answer.IsReplay)
        {
            return [];
        }

        if (sent.Op == StressOp.Connect)
        {
            return answer.Status switch
            {
                OutcomeStatus.Connected => [SlotEntryKind.Reserved, SlotEntryKind.Activated],
                OutcomeStatus.ProviderRefused or OutcomeStatus.ProviderFailed => [SlotEntryKind.Reserved, SlotEntryKind.Released],

                // The reservation was made, then expired (or was disconnected, replaced or re-reserved by others) before the provider answered.
                OutcomeStatus.ReservationExpired or OutcomeStatus.NotConnected or OutcomeStatus.NotPending => [SlotEntryKind.Reserved],
                _ => [],
            };
        }

        return answer.Status switch
        {
            OutcomeStatus.Disconnected => [SlotEntryKind.Disconnected],
            OutcomeStatus.Replaced => [SlotEntryKind.Replaced],
            OutcomeStatus.PlanChanged => [.. Enumerable.Repeat(SlotEntryKind.Disconnected, sent.NamedApps), SlotEntryKind.PlanChanged],
            OutcomeStatus.ActivityRecorded => [SlotEntryKind.ActivityRecorded],
            OutcomeStatus.MarkedNeedsAttention => [SlotEntryKind.MarkedNeedsAttention],
            OutcomeStatus.Reconnected => [SlotEntryKind.Reconnected],
            OutcomeStatus.AiCreditsUsed => [SlotEntryKind.AiCreditsUsed],
            _ => [],
        };
    }

    /// <summary>R3 and R15 on one ledger: it verifies, no entry is over its allowance, and only expiries are the system's, never early.</summary>
    public void CheckLedger(StoreId store, SlotLedger ledger)
    {
        var verification = ledger.Verify();
        Problem(verification.IsValid, $"{store}: the ledger does not verify: {verification}");
        var deadlines = new Dictionary<ProviderKey, Instant>();
        foreach (var entry in ledger.Entries)
        {
            Problem(entry.Allowance.Covers(entry.SlotsInUse), $"{store}: entry {entry} is over its allowance");
            if (entry.Kind == SlotEntryKind.Reserved)
            {
                deadlines[entry.Provider!] = entry.PendingUntil!.Value;
            }

            if (entry.Actor == Actor.System)
            {
                Problem(entry.Kind == SlotEntryKind.Expired, $"{store}: entry {entry} is the system's but not an expiry");
                Problem(
                    entry.Kind != SlotEntryKind.Expired || (deadlines.TryGetValue(entry.Provider!, out var due) && entry.At >= due),
                    $"{store}: entry {entry} expires a reservation before its deadline");
            }
            else if (entry.Kind != SlotEntryKind.Opened)
            {
                Problem(
                    _byActor.TryGetValue(entry.Actor.Id, out var owner) && owner.Command.Store == store,
                    $"{store}: entry {entry} was written by no command sent to this store");
            }
        }
    }

    /// <summary>No lost update and no double apply: each command's entries are what its answers say, and every other answer repeats the one that acted.</summary>
    public void CheckCommand(SentCommand sent, IReadOnlyList<SlotLedgerEntry> written)
    {
        var answers = sent.Answers.ToArray();
        var actual = written.Select(e => e.Kind).ToArray();
        var acted = answers.Where(Acted).ToArray();
        var where = $"{sent} (answers: {string.Join(" | ", answers.Select(a => $"{a.Status}{(a.IsReplay ? " (replay)" : "")}"))}; entries: [{string.Join(", ", actual)}])";
        if (sent.Op == StressOp.RecordActivity)
        {
            CheckActivity(answers, actual, where);
            return;
        }

        Problem(acted.Length <= 1, $"{where}: {acted.Length} sends of one key acted");
        Problem(!answers.Any(a => a.Status == OutcomeStatus.KeyReused), $"{where}: the same command was taken for another");
        Problem(sent.Op == StressOp.Connect || !answers.Any(a => a.Status == OutcomeStatus.InProgress), $"{where}: only a connect can be in progress");
        if (acted.Length == 1)
        {
            var first = acted[0];
            var expected = EntriesOf(sent, first);
            Problem(actual.SequenceEqual(expected), $"{where}: its answer {first.Status} means entries [{string.Join(", ", expected)}]");
            if (expected.Count > 0 && expected[^1] != SlotEntryKind.Reserved && written.Count > 0)
            {
                Problem(written[^1].Sequence == first.StoreVersion, $"{where}: answered version {first.StoreVersion}, but its last entry is #{written[^1].Sequence}");
            }

            foreach (var replay in answers.Where(a => a.IsReplay))
            {
                var repeatsFirst = replay.Status == first.Status && replay.IsSuccess == first.IsSuccess && replay.StoreVersion == first.StoreVersion;
                Problem(repeatsFirst || UnfinishedConnect(sent, replay), $"{where}: a replay answered {replay.Status} (success {replay.IsSuccess}, version {replay.StoreVersion})");
            }
        }
        else
        {
            // Nothing acted: every send conflicted (or answered the unfinished record of one that did). A conflict saved
            // nothing, with one exception the service has today: a connect whose reservation was saved and whose completion
            // then ran out of conflict retries answers Conflict, yet its reservation holds the slot until it expires (R6
            // still frees it, which this audit checks; later sends of its key answer InProgress, then ReservationExpired).
            var keptReservation = sent.Op == StressOp.Connect && actual.SequenceEqual([SlotEntryKind.Reserved]);
            Problem(actual.Length == 0 || keptReservation, $"{where}: a command that only conflicted changed the store");
            Problem(
                answers.All(a => a.Status == OutcomeStatus.Conflict || (keptReservation && (a.Status == OutcomeStatus.InProgress || UnfinishedConnect(sent, a)))),
                $"{where}: answers without a send that acted");
        }
    }

    /// <summary>
    /// Activity already on record within the resolution is answered without a save and without a record (R11), so sends
    /// of one key may each act; together they write at most one activity entry, and only if one of them said it recorded.
    /// </summary>
    private void CheckActivity(ConnectedAppsResult[] answers, SlotEntryKind[] actual, string where)
    {
        Problem(actual.Length == 0 || actual.SequenceEqual([SlotEntryKind.ActivityRecorded]), $"{where}: activity wrote more than one activity entry");
        Problem(actual.Length == 0 || answers.Any(a => a.Status == OutcomeStatus.ActivityRecorded), $"{where}: an activity entry no answer speaks of");
        Problem(
            answers.All(a => a.Status is OutcomeStatus.Conflict || a.IsReplay
                || a.Status is OutcomeStatus.ActivityRecorded or OutcomeStatus.NotConnected or OutcomeStatus.WrongState),
            $"{where}: an answer activity cannot give");
    }

    public void Problem(bool ok, string problem)
    {
        if (!ok)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>R18 under concurrency: every saved entry published its event exactly once, with its actor, and nothing unsaved did.</summary>
    public void CheckEvents(IEnumerable<SlotLedgerEntry> entries, IEnumerable<StoreEvent> events)
    {
        var fromLedger = entries.Select(e => (e.Actor.Id, Event: EventOf(e.Kind))).Where(e => e.Event is not null).Select(e => $"{e.Id} {e.Event}");
        var published = events.Where(e => e is not (ConnectRefusedAtLimit or SlotsNearlyFull)).Select(e => $"{e.Actor.Id} {e.GetType().Name}");
        var missing = Difference(fromLedger, published);
        var extra = Difference(published, fromLedger);
        Problem(missing.Count == 0, $"saved changes without their event: {string.Join(", ", missing.Take(10))}");
        Problem(extra.Count == 0, $"events without a saved change: {string.Join(", ", extra.Take(10))}");
    }

    public void AssertNone(string phase)
    {
        Assert.True(_problems.Count == 0, $"{phase}: {_problems.Count} problems, first ones:\n{string.Join("\n", _problems.Take(15))}");
    }

    /// <summary>A count per (store, entry kind), for the run's report.</summary>
    public static string Describe(StoreId store, SlotLedger ledger)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{store}: {ledger.Entries.Count} entries");
        foreach (var group in ledger.Entries.GroupBy(e => e.Kind).OrderBy(g => g.Key))
        {
            var system = group.Count(e => e.Actor == Actor.System);
            text.Append(CultureInfo.InvariantCulture, $", {group.Key} {group.Count()}{(system > 0 ? $" ({system} by the system)" : "")}");
        }

        return text.ToString();
    }

    /// <summary>Whether only conflicts answered a connect whose reservation was nonetheless saved.</summary>
    public static bool ConflictedAfterReserving(SentCommand sent, IEnumerable<SlotLedgerEntry> written) =>
        sent.Op == StressOp.Connect && !sent.Answers.Any(Acted) && written.Any(e => e.Kind == SlotEntryKind.Reserved);

    /// <summary>The answer to a re-send of a connect whose record was left unfinished: the reservation is gone.</summary>
    private static bool UnfinishedConnect(SentCommand sent, ConnectedAppsResult answer) =>
        sent.Op == StressOp.Connect && answer.IsReplay && answer.Status == OutcomeStatus.ReservationExpired && !answer.IsSuccess;

    private static List<string> Difference(IEnumerable<string> left, IEnumerable<string> right)
    {
        var counts = right.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rest = new List<string>();
        foreach (var item in left)
        {
            if (counts.TryGetValue(item, out var n) && n > 0)
            {
                counts[item] = n - 1;
            }
            else
            {
                rest.Add(item);
            }
        }

        return rest;
    }

    private static string? EventOf(SlotEntryKind kind) => kind switch
    {
        SlotEntryKind.Reserved => nameof(ConnectionReserved),
        SlotEntryKind.Activated => nameof(ConnectionActivated),
        SlotEntryKind.Released => nameof(ReservationReleased),
        SlotEntryKind.Expired => nameof(ReservationExpired),
        SlotEntryKind.Disconnected => nameof(AppDisconnected),
        SlotEntryKind.Replaced => nameof(AppReplaced),
        SlotEntryKind.PlanChanged => nameof(PlanChanged),
        SlotEntryKind.MarkedNeedsAttention => nameof(AppNeedsAttention),
        SlotEntryKind.Reconnected => nameof(AppReconnected),
        _ => null,
    };
}
