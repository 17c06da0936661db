using System.Globalization;
using System.Text;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
namespace ShopIQ.Integrations.Core.Testing;

/// <summary>
/// The audit after writers ran through restarts and kills: what callers were told against what the database holds.
/// Shared by the restart test and the chaos harness's <c>check</c> mode, so both judge by the same rules.
/// </summary>
/// <remarks>
/// A success a caller saw must be the ledger entry at the store version it was answered with, written by that writer
/// and of the kind the status names (nothing lost). Every entry a writer's command writes under its name (activated,
/// disconnected, replaced, plan changed) must be claimed by exactly one success, unless the writer never got its answer:
/// it was killed with the command in flight (at most one such entry per killed writer), or the command answered
/// <see cref="OutcomeStatus.Unsettled"/> or threw (nothing duplicated). Replaying each ledger, an app is never reserved or
/// connected while it is already held, and the apps held at the end are the store's connection rows.
/// </remarks>
internal sealed class ChaosAudit
{
    private ChaosAudit()
    {
    }

    public int Commands { get; private init; }

    public int Successes { get; private init; }

    public IReadOnlyDictionary<string, int> Statuses { get; private init; } = new Dictionary<string, int>();

    public int Exceptions { get; private init; }

    /// <summary>Exceptions by type and SQLSTATE.</summary>
    public IReadOnlyDictionary<string, int> ExceptionKinds { get; private init; } = new Dictionary<string, int>();

    public int Unsettled { get; private init; }

    public long LedgerRows { get; private init; }

    public long LedgerRowsOverAllowance { get; private init; }

    public long StoreRowsOverAllowance { get; private init; }

    /// <summary>Successes checked against the ledger (those whose status names the entry written).</summary>
    public int SuccessesChecked { get; private init; }

    public int SuccessesMissingFromLedger { get; private init; }

    /// <summary>Ledger entries claimed by more than one caller-seen success.</summary>
    public int EntriesClaimedTwice { get; private init; }

    /// <summary>Writers' entries no success claims whose writer never got the answer (killed, Unsettled, exception).</summary>
    public int UnclaimedEntriesOfUnansweredCommands { get; private init; }

    /// <summary>Writers' entries no success claims and nothing explains: a command written twice, or a success never told.</summary>
    public int UnexplainedEntries { get; private init; }

    public int AppsHeldTwice { get; private init; }

    /// <summary>Stores whose apps held, replaying the ledger, are not their connection rows or their snapshot's apps.</summary>
    public int StoresWhoseHoldsDisagree { get; private init; }

    public long PendingPastDeadline { get; private init; }

    public long UnfinishedRecords { get; private init; }

    public int LedgersFailingVerification { get; private init; }

    public IReadOnlyList<string> Problems { get; private init; } = [];

    /// <summary>Whether every figure that must be zero is.</summary>
    public bool IsClean =>
        Exceptions == 0 && LedgerRowsOverAllowance == 0 && StoreRowsOverAllowance == 0 && SuccessesMissingFromLedger == 0
        && EntriesClaimedTwice == 0 && UnexplainedEntries == 0 && AppsHeldTwice == 0 && StoresWhoseHoldsDisagree == 0
        && PendingPastDeadline == 0 && LedgersFailingVerification == 0;

    /// <summary>Audits <paramref name="stores"/> against what callers saw.</summary>
    /// <param name="service">An instance on the database, to read ledgers and verify stores through.</param>
    /// <param name="dataSource">The database, for the SQL counts.</param>
    /// <param name="stores">The stores the writers used.</param>
    /// <param name="results">Every answer callers got.</param>
    /// <param name="killedWriters">Writers whose process was killed, each with at most one command in flight.</param>
    /// <param name="sweptAt">The instant the last sweep ran at: no reservation may be pending with a deadline at or before it.</param>
    public static async Task<ChaosAudit> RunAsync(
        ConnectedAppsService service, NpgsqlDataSource dataSource, IReadOnlyList<StoreId> stores, IReadOnlyList<WriterResult> results,
        IReadOnlySet<string> killedWriters, Instant sweptAt, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var successes = results.Where(r => r.IsSuccess && !r.IsReplay).ToList();
        var exceptions = results.Where(r => r.IsException).ToList();

        // Nothing lost: each checked success is the entry at its version, by its writer, of its kind.
        var claims = new Dictionary<(string Store, long Sequence), int>();
        var missing = 0;
        var ledgers = new Dictionary<string, SlotLedger>();
        foreach (var store in stores)
        {
            if (await service.ReadLedgerAsync(store, cancellationToken).ConfigureAwait(false) is { } ledger)
            {
                ledgers[store.Value] = ledger;
            }
            else
            {
                problems.Add($"{store}: no ledger.");
            }
        }

        var checkedSuccesses = 0;
        foreach (var success in successes)
        {
            if (EntryKindOf(success.Status) is not { } kind)
            {
                continue;
            }

            checkedSuccesses++;
            var entry = ledgers.TryGetValue(success.Store, out var ledger) && success.StoreVersion >= 1 && success.StoreVersion <= ledger.Entries.Count
                ? ledger.Entries[(int)success.StoreVersion - 1]
                : null;
            if (entry is null || entry.Sequence != success.StoreVersion || entry.Kind != kind || entry.Actor.Id != success.Writer)
            {
                missing++;
                if (missing <= 10)
                {
                    problems.Add($"{success.Writer} was told {success.Status} ({success.Op}) at version {success.StoreVersion} of {success.Store}; the ledger has {(entry is null ? "no such entry" : $"{entry.Kind} by {entry.Actor.Id}")}.");
                }

                continue;
            }

            claims[(success.Store, success.StoreVersion)] = claims.GetValueOrDefault((success.Store, success.StoreVersion)) + 1;
        }

        var claimedTwice = claims.Count(c => c.Value > 1);
        foreach (var (key, count) in claims.Where(c => c.Value > 1).Take(10))
        {
            problems.Add($"Entry {key.Sequence} of {key.Store} was claimed by {count} successes.");
        }

        // Nothing duplicated: every writer's entry is claimed, or its writer never got the answer.
        var writers = results.Select(r => r.Writer).ToHashSet(StringComparer.Ordinal);
        writers.UnionWith(killedWriters);
        var unanswered = results.Where(r => r.IsException || r.Status == nameof(OutcomeStatus.Unsettled))
            .GroupBy(r => r.Writer).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var unclaimed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (storeId, ledger) in ledgers)
        {
            foreach (var entry in ledger.Entries)
            {
                if (entry.Kind is SlotEntryKind.Activated or SlotEntryKind.Disconnected or SlotEntryKind.Replaced or SlotEntryKind.PlanChanged
                    && writers.Contains(entry.Actor.Id)
                    && !claims.ContainsKey((storeId, entry.Sequence)))
                {
                    unclaimed[entry.Actor.Id] = unclaimed.GetValueOrDefault(entry.Actor.Id) + 1;
                }
            }
        }

        var explained = 0;
        var unexplained = 0;
        foreach (var (writer, count) in unclaimed)
        {
            var allowed = (killedWriters.Contains(writer) ? 1 : 0) + unanswered.GetValueOrDefault(writer);
            explained += Math.Min(count, allowed);
            if (count > allowed)
            {
                unexplained += count - allowed;
                problems.Add($"Writer {writer}: {count} entries under its name no success claims; {allowed} commands went unanswered.");
            }
        }

        // Apps held twice, replaying each ledger; the holds at the end are the connection rows and the snapshot's apps.
        var heldTwice = 0;
        var disagree = 0;
        var failing = 0;
        foreach (var store in stores)
        {
            if (!ledgers.TryGetValue(store.Value, out var ledger))
            {
                failing++;
                continue;
            }

            var held = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in ledger.Entries)
            {
                switch (entry.Kind)
                {
                    case SlotEntryKind.Connected or SlotEntryKind.Reserved:
                        heldTwice += Hold(held, entry.Provider!.Value, store, entry, problems);
                        break;
                    case SlotEntryKind.Released or SlotEntryKind.Expired or SlotEntryKind.Disconnected:
                        Let(held, entry.Provider!.Value, store, entry, problems);
                        break;
                    case SlotEntryKind.Replaced:
                        Let(held, entry.Provider!.Value, store, entry, problems);
                        heldTwice += Hold(held, entry.Descriptor!.Key.Value, store, entry, problems);
                        break;
                    case SlotEntryKind.Activated or SlotEntryKind.MarkedNeedsAttention or SlotEntryKind.Reconnected or SlotEntryKind.ActivityRecorded
                        when !held.Contains(entry.Provider!.Value):
                        problems.Add($"{store}: entry {entry.Sequence} ({entry.Kind}) acts on {entry.Provider}, which the store does not hold.");
                        disagree++;
                        break;
                    default:
                        break;
                }
            }

            var rows = await ConnectionRowsAsync(dataSource, store, cancellationToken).ConfigureAwait(false);
            var snapshot = await service.GetStoreAsync(store, cancellationToken).ConfigureAwait(false);
            var snapshotApps = snapshot?.GetApps().Select(a => a.Key.Value).ToHashSet(StringComparer.Ordinal) ?? [];
            if (!held.SetEquals(rows) || !held.SetEquals(snapshotApps))
            {
                disagree++;
                problems.Add($"{store}: the ledger holds [{string.Join(", ", held.Order(StringComparer.Ordinal))}], the connection rows [{string.Join(", ", rows.Order(StringComparer.Ordinal))}], the snapshot [{string.Join(", ", snapshotApps.Order(StringComparer.Ordinal))}].");
            }

            var audit = await service.VerifyAsync(store, cancellationToken).ConfigureAwait(false);
            var gapFree = await GapFreeAsync(dataSource, store, cancellationToken).ConfigureAwait(false);
            if (audit is not { IsSound: true } || gapFree is not null)
            {
                failing++;
                problems.Add($"{store}: {audit?.ToString() ?? "no store"} {gapFree}");
            }
        }

        return new ChaosAudit
        {
            Commands = results.Count,
            Successes = successes.Count,
            Statuses = results.GroupBy(r => r.Status).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            Exceptions = exceptions.Count,
            ExceptionKinds = exceptions.GroupBy(r => r.ErrorKind ?? "").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            Unsettled = results.Count(r => r.Status == nameof(OutcomeStatus.Unsettled)),
            LedgerRows = await ScalarAsync(dataSource, "SELECT count(*) FROM shopiq.ledger", cancellationToken).ConfigureAwait(false),
            LedgerRowsOverAllowance = await ScalarAsync(dataSource, "SELECT count(*) FROM shopiq.ledger WHERE allowance IS NOT NULL AND slots_in_use > allowance", cancellationToken).ConfigureAwait(false),
            StoreRowsOverAllowance = await ScalarAsync(dataSource, "SELECT count(*) FROM shopiq.stores WHERE allowance IS NOT NULL AND slots_in_use > allowance", cancellationToken).ConfigureAwait(false),
            SuccessesChecked = checkedSuccesses,
            SuccessesMissingFromLedger = missing,
            EntriesClaimedTwice = claimedTwice,
            UnclaimedEntriesOfUnansweredCommands = explained,
            UnexplainedEntries = unexplained,
            AppsHeldTwice = heldTwice,
            StoresWhoseHoldsDisagree = disagree,
            PendingPastDeadline = await ScalarAsync(dataSource, "SELECT count(*) FROM shopiq.connections WHERE state = 'pending' AND pending_until <= $1", cancellationToken, sweptAt).ConfigureAwait(false),
            UnfinishedRecords = await ScalarAsync(dataSource, "SELECT count(*) FROM shopiq.idempotency_records WHERE NOT is_final", cancellationToken).ConfigureAwait(false),
            LedgersFailingVerification = failing,
            Problems = problems,
        };
    }

    /// <summary>Sweeps with <paramref name="service"/> until a sweep finds nothing more to expire or abandon.</summary>
    /// <returns>The reservations expired and the connects abandoned in all.</returns>
    public static async Task<(int Expired, int Abandoned)> SweepUntilCleanAsync(ConnectedAppsService service, CancellationToken cancellationToken)
    {
        var expired = 0;
        var abandoned = 0;
        for (var round = 0; round < 1000; round++)
        {
            var report = await service.SweepAsync(cancellationToken).ConfigureAwait(false);
            expired += report.ReservationsExpired;
            abandoned += report.ConnectsAbandoned;
            if (report.ReservationsExpired == 0 && report.ConnectsAbandoned == 0)
            {
                break;
            }
        }

        return (expired, abandoned);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"commands run: {Commands} ({Successes} successes; {string.Join(", ", Statuses.Select(s => $"{s.Key} {s.Value}"))})");
        text.AppendLine(CultureInfo.InvariantCulture, $"raw exceptions seen by callers: {Exceptions}{(Exceptions > 0 ? $" ({string.Join(", ", ExceptionKinds.Select(k => $"{k.Key} {k.Value}"))})" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Unsettled answers: {Unsettled}");
        text.AppendLine(CultureInfo.InvariantCulture, $"ledger rows: {LedgerRows}");
        text.AppendLine(CultureInfo.InvariantCulture, $"ledger rows over the allowance: {LedgerRowsOverAllowance}");
        text.AppendLine(CultureInfo.InvariantCulture, $"store rows over the allowance: {StoreRowsOverAllowance}");
        text.AppendLine(CultureInfo.InvariantCulture, $"successes checked against the ledger: {SuccessesChecked}");
        text.AppendLine(CultureInfo.InvariantCulture, $"successes missing from the ledger: {SuccessesMissingFromLedger}");
        text.AppendLine(CultureInfo.InvariantCulture, $"ledger entries claimed by two successes: {EntriesClaimedTwice}");
        text.AppendLine(CultureInfo.InvariantCulture, $"unclaimed entries of commands never answered (killed, Unsettled, exception): {UnclaimedEntriesOfUnansweredCommands}");
        text.AppendLine(CultureInfo.InvariantCulture, $"unexplained unclaimed entries: {UnexplainedEntries}");
        text.AppendLine(CultureInfo.InvariantCulture, $"apps held twice: {AppsHeldTwice}");
        text.AppendLine(CultureInfo.InvariantCulture, $"stores whose ledger, connection rows and snapshot disagree on the apps held: {StoresWhoseHoldsDisagree}");
        text.AppendLine(CultureInfo.InvariantCulture, $"reservations pending past their deadline after the sweep: {PendingPastDeadline}");
        text.AppendLine(CultureInfo.InvariantCulture, $"unfinished connect records after the sweep: {UnfinishedRecords}");
        text.AppendLine(CultureInfo.InvariantCulture, $"ledgers failing verification: {LedgersFailingVerification}");
        foreach (var problem in Problems)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"problem: {problem}");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The entry a successful outcome writes last, under the caller's name; null for outcomes not checked.</summary>
    private static SlotEntryKind? EntryKindOf(string status) => status switch
    {
        nameof(OutcomeStatus.Connected) or nameof(OutcomeStatus.Activated) => SlotEntryKind.Activated,
        nameof(OutcomeStatus.Disconnected) => SlotEntryKind.Disconnected,
        nameof(OutcomeStatus.Replaced) => SlotEntryKind.Replaced,
        nameof(OutcomeStatus.PlanChanged) => SlotEntryKind.PlanChanged,
        _ => null,
    };

    private static int Hold(HashSet<string> held, string provider, StoreId store, SlotLedgerEntry entry, List<string> problems)
    {
        if (held.Add(provider))
        {
            return 0;
        }

        problems.Add($"{store}: entry {entry.Sequence} ({entry.Kind}) takes {provider}, which the store already holds.");
        return 1;
    }

    private static void Let(HashSet<string> held, string provider, StoreId store, SlotLedgerEntry entry, List<string> problems)
    {
        if (!held.Remove(provider))
        {
            problems.Add($"{store}: entry {entry.Sequence} ({entry.Kind}) lets go of {provider}, which the store does not hold.");
        }
    }

    private static async Task<HashSet<string>> ConnectionRowsAsync(NpgsqlDataSource dataSource, StoreId store, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT provider FROM shopiq.connections WHERE store_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>Null when the store's ledger runs 1..version without a gap; else what is wrong.</summary>
    private static async Task<string?> GapFreeAsync(NpgsqlDataSource dataSource, StoreId store, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT (SELECT version FROM shopiq.stores WHERE store_id = $1), count(*), coalesce(max(sequence), 0) FROM shopiq.ledger WHERE store_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (version, count, max) = (reader.IsDBNull(0) ? -1 : reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        return version == count && count == max ? null : $"ledger not gap-free: {count} entries, last sequence {max}, store version {version}.";
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken, Instant? at = null)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (at is { } instant)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = instant.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }

        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
