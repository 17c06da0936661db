using System.Diagnostics;
using System.Globalization;
using System.Text;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>
/// One stress run: <c>callers</c> threads plus a host thread that sweeps, started together by a barrier, on one
/// service; then the clock moves past every reservation, a last sweep runs, the stores are audited, and every
/// command that acted is sent once more, which must act no second time.
/// </summary>
internal static class StressRun
{
    public static async Task<StressResult> RunAsync(int maxConflictRetries, int seed, int callers, int operationsPerCaller)
    {
        using var world = new StressWorld(maxConflictRetries);
        await world.OpenStoresAsync();
        var initialCredits = new Dictionary<StoreId, int>();
        foreach (var (store, _) in world.Stores)
        {
            initialCredits[store] = (await world.Service.GetStoreAsync(store, CancellationToken.None))!.AiCreditBalance;
        }

        var time = Stopwatch.StartNew();
        var team = Enumerable.Range(0, callers).Select(i => new StressCaller(world, i, seed)).ToArray();
        var sweeps = new List<SweepReport>();
        var finished = false;
        using (var start = new Barrier(callers + 1))
        {
            var running = team.Select(caller => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    caller.Run(operationsPerCaller);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            var host = Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    while (true)
                    {
                        world.SweepSignal.Wait();
                        if (Volatile.Read(ref finished))
                        {
                            return;
                        }

                        sweeps.Add(world.Service.SweepAsync(CancellationToken.None).GetAwaiter().GetResult());
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            try
            {
                await Task.WhenAll(running);
            }
            finally
            {
                Volatile.Write(ref finished, true);
                world.SweepSignal.Release();
                await host;
            }
        }

        var concurrentPart = time.Elapsed;

        // R6: once the clock is past every deadline and the sweep has run, no reservation is left holding a slot.
        world.Clock.Advance(StressWorld.ReservationLifetime + NodaTime.Duration.FromMinutes(1));
        var lastSweep = await world.Service.SweepAsync(CancellationToken.None);
        var sent = team.SelectMany(c => c.Sent).ToArray();
        var audit = new StressAudit(sent);
        var ledgers = new Dictionary<StoreId, SlotLedger>();
        foreach (var (id, _) in world.Stores)
        {
            var store = (await world.Service.GetStoreAsync(id, CancellationToken.None))!;
            var ledger = (await world.Service.ReadLedgerAsync(id, CancellationToken.None))!;
            ledgers[id] = ledger;
            audit.CheckLedger(id, ledger);
            var verified = (await world.Service.VerifyAsync(id, CancellationToken.None))!;
            audit.Problem(verified.IsSound, $"{id}: {verified}");
            var pending = store.GetApps().Count(a => a.State == ConnectionState.Pending);
            var holding = store.GetApps().Count(a => a.State is ConnectionState.Active or ConnectionState.NeedsAttention);
            audit.Problem(pending == 0, $"{id}: {pending} reservations leaked past their deadline and the sweep");
            audit.Problem(holding == store.SlotsInUse && ledger.Entries[^1].SlotsInUse == store.SlotsInUse, $"{id}: {store.SlotsInUse} slots in use, {holding} apps hold one");
            var spent = sent.Where(s => s.Command.Store == id && s.Op == StressOp.UseAiCredits)
                .Where(s => s.Answers.Any(a => StressAudit.Acted(a) && a.Status == OutcomeStatus.AiCreditsUsed))
                .Sum(s => ((UseAiCreditsCommand)s.Command).Credits);
            audit.Problem(store.AiCreditBalance == initialCredits[id] - spent, $"{id}: {store.AiCreditBalance} AI credits left, {initialCredits[id]} - {spent} expected (R14)");
        }

        foreach (var command in sent)
        {
            audit.CheckCommand(command, [.. ledgers[command.Command.Store].Entries.Where(e => e.Actor.Id == command.ActorId)]);
        }

        audit.CheckEvents(ledgers.Values.SelectMany(l => l.Entries), world.Sink.Events);
        audit.AssertNone("after the run");

        // Every command that acted, sent again now that nothing else runs: each answers its first result and the ledgers stay as they are.
        // Activity that was already on record saved nothing, not even its key's record (R11): it is not sent again here.
        var resent = 0;
        foreach (var command in sent.Where(s => s.Answers.Count(StressAudit.Acted) == 1 && !ActivityOnRecord(s, ledgers)))
        {
            var first = command.Answers.First(StressAudit.Acted);
            var again = await command.SendAsync(world.Service);
            resent++;
            audit.Problem(
                again.IsReplay && ResultText.Of(again) == ResultText.Of(first),
                $"{command}: sent again it answered {ResultText.Of(again)} (replay {again.IsReplay}), first {ResultText.Of(first)}");
        }

        foreach (var (id, ledger) in ledgers)
        {
            var after = (await world.Service.GetStoreAsync(id, CancellationToken.None))!.Version;
            audit.Problem(after == ledger.LastSequence, $"{id}: re-sending acted again: version {ledger.LastSequence} became {after}");
        }

        audit.AssertNone("after sending every command again");
        var conflictAnswers = sent.Sum(s => s.Answers.Count(a => a.Status == OutcomeStatus.Conflict));
        return new StressResult(Report(world, team, sent, ledgers, sweeps, lastSweep, resent, concurrentPart, time.Elapsed), conflictAnswers);
    }

    private static string Report(
        StressWorld world,
        StressCaller[] team,
        SentCommand[] sent,
        Dictionary<StoreId, SlotLedger> ledgers,
        List<SweepReport> sweeps,
        SweepReport lastSweep,
        int resent,
        TimeSpan concurrentPart,
        TimeSpan total)
    {
        var answers = sent.SelectMany(s => s.Answers).ToArray();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{team.Length} callers, {team.Sum(c => c.Sends)} sends: {sent.Length} commands, {team.Sum(c => c.Retries)} retries of their own, {team.Sum(c => c.SharedRetries)} of another caller's, {team.Sum(c => c.Duplicates)} sent twice at once; {resent} sent again at the end.");
        text.AppendLine("commands: " + string.Join(", ", sent.GroupBy(s => s.Op).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        text.AppendLine("answers: " + string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        text.AppendLine("outcomes that acted: " + string.Join(", ", answers.Where(StressAudit.Acted).GroupBy(a => $"{a.Status}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        text.AppendLine("version conflicts met (meter): " + string.Join(", ", world.Meters.Conflicts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")) + $"; answers Conflict: {answers.Count(a => a.Status == OutcomeStatus.Conflict)}");
        var keptReservations = sent.Count(s => StressAudit.ConflictedAfterReserving(s, ledgers[s.Command.Store].Entries.Where(e => e.Actor.Id == s.ActorId)));
        text.AppendLine(CultureInfo.InvariantCulture, $"connects answered only Conflict although their reservation was saved (it held its slot until it expired or was removed): {keptReservations}");
        text.AppendLine(CultureInfo.InvariantCulture, $"sweeps during the run: {sweeps.Count}, expiring {sweeps.Sum(s => s.ReservationsExpired)}; last sweep expired {lastSweep.ReservationsExpired}; connects parked until the clock moved: {world.Parking.ParkedTotal}; events published: {world.Sink.Events.Count}");
        foreach (var (id, ledger) in ledgers)
        {
            text.AppendLine(StressAudit.Describe(id, ledger));
        }

        text.Append(CultureInfo.InvariantCulture, $"time: {concurrentPart.TotalSeconds:F1} s concurrent, {total.TotalSeconds:F1} s with the audit");
        return text.ToString();
    }

    /// <summary>Activity answered as recorded without an entry of its own: it was on record already, and nothing was saved.</summary>
    private static bool ActivityOnRecord(SentCommand sent, Dictionary<StoreId, SlotLedger> ledgers) =>
        sent.Op == StressOp.RecordActivity && !ledgers[sent.Command.Store].Entries.Any(e => e.Actor.Id == sent.ActorId);
}
