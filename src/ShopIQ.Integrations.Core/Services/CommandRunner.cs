using Microsoft.Extensions.Logging;
using NodaTime;
using ShopIQ.Integrations.Core.Diagnostics;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The path every command of <see cref="ConnectedAppsService"/> takes: get the store, decide, save, publish. It keeps
/// idempotency (a key's record answers a resend), retries version conflicts, and keeps each store's latest snapshot
/// so that a command on a warm store is one repository call: the save, whose version check finds a store changed
/// elsewhere.
/// </summary>
/// <remarks>
/// <para>
/// Each entry point is one kind of command: <see cref="RunAsync(string, ConnectedAppsCommand, Func{Store, StoreOutcome}, CancellationToken)"/>
/// for most; <see cref="ReserveAsync"/> and <see cref="SettleAsync"/> for the two halves of a connect that calls out;
/// <see cref="RecordActivityAsync"/>, which saves nothing when the store did not change; <see cref="ReadAsync"/> for reads.
/// </para>
/// <para>
/// Callers of one instance on one store take turns from load to save (<see cref="StoreGate"/>), so they do not
/// collide with each other; other instances are caught by the save's version check. Events are handed to the sinks
/// after the save, outside the store's turn. Thread-safe.
/// </para>
/// </remarks>
internal sealed class CommandRunner : IDisposable
{
    /// <summary>The fewest attempts a command gets to settle a reservation it saved, whatever <see cref="ConnectedAppsOptions.MaxConflictRetries"/> says.</summary>
    private const int SettleRetries = 100;

    /// <summary>How many stripes the per-store gate has: enough that unrelated busy stores rarely share one.</summary>
    private const int GateStripes = 1024;

    private readonly IStoreRepository _repository;
    private readonly ConnectedAppsPolicy _policy;
    private readonly IClock _clock;
    private readonly ConnectedAppsOptions _options;
    private readonly ILogger _logger;
    private readonly ConnectedAppsMetrics _metrics;
    private readonly IStoreEventSink[] _sinks;
    private readonly StoreGate _gate = new(GateStripes);
    private readonly StoreSnapshotCache _cache;
    private readonly Func<StoreId, ProviderKey, ConnectionId, Task> _letGo;

    /// <summary>
    /// Creates the runner; <paramref name="letGo"/> tells a provider that the store let its app go (best effort, never throws),
    /// for each reservation that expired in a saved change, when the store does not hold the app again.
    /// </summary>
    public CommandRunner(IStoreRepository repository, ConnectedAppsPolicy policy, IClock clock, ConnectedAppsOptions options, ILogger logger, ConnectedAppsMetrics metrics, IStoreEventSink[] sinks, Func<StoreId, ProviderKey, ConnectionId, Task> letGo)
    {
        _letGo = letGo;
        _repository = repository;
        _policy = policy;
        _clock = clock;
        _options = options;
        _logger = logger;
        _metrics = metrics;
        _sinks = sinks;
        _cache = new StoreSnapshotCache(options.StoreCacheCapacity);
    }

    /// <summary>How a command goes through <see cref="RunCoreAsync"/>.</summary>
    private enum Kind
    {
        /// <summary>Answers a resend from its record; writes a final record.</summary>
        Command,

        /// <summary>As <see cref="Command"/>, but the record stays unfinished when the store reserved a slot.</summary>
        Reserve,

        /// <summary>Completes the unfinished record of its own reservation; never answers from a record; retries longer.</summary>
        Settle,

        /// <summary>As <see cref="Command"/>, but decides on the store as read (never on a cached snapshot alone) and saves nothing when the activity was already on record.</summary>
        Activity,
    }

    /// <summary>Runs a command: the store's outcome is the result.</summary>
    public Task<CommandRun> RunAsync(string operation, ConnectedAppsCommand command, Func<Store, StoreOutcome> decide, CancellationToken cancellationToken) =>
        RunCoreAsync(operation, command, decide, static (outcome, version) => ConnectedAppsResult.Of(outcome!, version), Kind.Command, cancellationToken);

    /// <summary>Runs a command whose decision may change nothing but its record (<paramref name="decide"/> answers null), with its own result.</summary>
    public Task<CommandRun> RunAsync(string operation, ConnectedAppsCommand command, Func<Store, StoreOutcome?> decide, Func<StoreOutcome?, long, ConnectedAppsResult> shape, CancellationToken cancellationToken) =>
        RunCoreAsync(operation, command, decide, shape, Kind.Command, cancellationToken);

    /// <summary>The first half of a connect that calls out: a reservation, saved with an unfinished record (R6).</summary>
    public Task<CommandRun> ReserveAsync(string operation, ConnectAppCommand command, Func<Store, StoreOutcome> decide, CancellationToken cancellationToken) =>
        RunCoreAsync(operation, command, decide, static (outcome, version) => ConnectedAppsResult.Of(outcome!, version), Kind.Reserve, cancellationToken);

    /// <summary>The second half: completes or releases the reservation, and finishes the record it saved.</summary>
    public Task<CommandRun> SettleAsync(string operation, ConnectAppCommand command, Func<Store, StoreOutcome> decide, Func<StoreOutcome?, long, ConnectedAppsResult> shape, CancellationToken cancellationToken) =>
        RunCoreAsync(operation, command, decide, shape, Kind.Settle, cancellationToken);

    /// <summary>Records activity: activity already on record within the resolution saves nothing, not even a record (R11).</summary>
    public Task<CommandRun> RecordActivityAsync(string operation, ConnectedAppsCommand command, Func<Store, StoreOutcome> decide, CancellationToken cancellationToken) =>
        RunCoreAsync(operation, command, decide, static (outcome, version) => ConnectedAppsResult.Of(outcome!, version), Kind.Activity, cancellationToken);

    /// <summary>
    /// Reads a store for a command that must look before it acts (a provider is called between the look and the
    /// change): the answer to a resend from the key's record, or the store as it is.
    /// </summary>
    public async Task<(ConnectedAppsResult? Answer, Store? Store)> PeekAsync(ConnectedAppsCommand command, CancellationToken cancellationToken)
    {
        var loaded = await _repository.LoadAsync(command.Store, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (loaded.Record is { } record)
        {
            return (await AnswerAsync(record, command, loaded, cancellationToken).ConfigureAwait(false), null);
        }

        var store = loaded.Exists ? await RebuildAsync(command.Store, loaded, cancellationToken).ConfigureAwait(false) : null;
        return store is null ? (StoreNotFound(command.Store), null) : (null, store);
    }

    /// <summary>
    /// Reads a store as it is now: a detached copy, with due reservation expiries applied but not saved, so a read
    /// never shows an expired reservation holding a slot (R6).
    /// </summary>
    public async Task<Store?> ReadAsync(StoreId store, CancellationToken cancellationToken)
    {
        var loaded = await _repository.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        var current = loaded.Exists ? await RebuildAsync(store, loaded, cancellationToken).ConfigureAwait(false) : null;
        if (current is not null && current.ExpireReservations().Count > 0)
        {
            current.TakeEvents();
        }

        return current;
    }

    /// <summary>Opens a store: saved only if no store with its id exists.</summary>
    public async Task<ConnectedAppsResult> OpenAsync(string operation, OpenStoreCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await _repository.LoadAsync(command.Store, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            if (loaded.Record is { } record)
            {
                return await AnswerAsync(record, command, loaded, cancellationToken).ConfigureAwait(false);
            }

            if (loaded.Exists)
            {
                return ConnectedAppsResult.Service(OutcomeStatus.StoreAlreadyExists, $"The store '{command.Store}' already exists.", null, null, loaded.Version);
            }

            var opened = Store.Open(command.Store, command.Plan, _policy, _clock, command.Actor, out var store);
            if (store is null)
            {
                return ConnectedAppsResult.Of(opened, 0);
            }

            var result = ConnectedAppsResult.Of(opened, store.Version);
            var (_, events) = await SaveAsync(store, 0, result.ToRecord(command.IdempotencyKey, command.Fingerprint, true, _clock.GetCurrentInstant()), false, cancellationToken).ConfigureAwait(false);
            if (events is not null)
            {
                await PublishAsync(store, events).ConfigureAwait(false);
                return result;
            }

            if (!await BackOffAsync(operation, command.Store, attempt, _options.MaxConflictRetries, cancellationToken).ConfigureAwait(false))
            {
                return Conflicted(command.Store, null, attempt);
            }
        }
    }

    /// <summary>Expires the due reservations of one store and saves them; the number expired.</summary>
    public async Task<int> ExpireAsync(StoreId id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            IReadOnlyList<StoreEvent>? events;
            int expired;
            Store? store;
            using (await _gate.EnterAsync(id, cancellationToken).ConfigureAwait(false))
            {
                var loaded = await _repository.LoadAsync(id, null, cancellationToken).ConfigureAwait(false);
                store = loaded.Exists ? await RebuildAsync(id, loaded, cancellationToken).ConfigureAwait(false) : null;
                expired = store?.ExpireReservations().Count ?? 0;
                if (expired == 0)
                {
                    return 0;
                }

                (_, events) = await SaveAsync(store!, loaded.Version, null, false, cancellationToken).ConfigureAwait(false);
            }

            if (events is not null)
            {
                await PublishAsync(store!, events).ConfigureAwait(false);
                return expired;
            }

            if (!await BackOffAsync("Sweep", id, attempt, _options.MaxConflictRetries, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }
    }

    /// <summary>
    /// Audits a store: replays its whole ledger, verifies it, and compares the result with the store's snapshot. A
    /// snapshot that disagrees is replaced by the replay's, logged and counted.
    /// </summary>
    public async Task<StoreAudit?> AuditAsync(StoreId id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ledger = await _repository.ReadLedgerAsync(id, cancellationToken).ConfigureAwait(false);
            if (ledger is null)
            {
                return null;
            }

            var verification = ledger.Verify();
            if (!verification.IsValid)
            {
                Log.LedgerDoesNotVerify(_logger, id.Value, verification.ToString());
                return new StoreAudit(id, ledger.LastSequence, verification, null, false, false, "the ledger does not verify; the snapshot was not compared");
            }

            var loaded = await _repository.LoadAsync(id, null, cancellationToken).ConfigureAwait(false);
            if (loaded.Version != ledger.LastSequence)
            {
                if (attempt < 3)
                {
                    continue; // the store changed between the two reads: read both again
                }

                return new StoreAudit(id, ledger.LastSequence, verification, loaded.Snapshot?.Version, false, false, "the store kept changing while it was audited, so its snapshot was not compared; audit it again");
            }

            var replayed = Store.FromLedger(ledger, _policy, _clock).TakeSnapshot();
            string? problem = null;
            if (loaded.Snapshot is null)
            {
                problem = "the store has no snapshot";
            }
            else if (Store.TryFromSnapshot(loaded.Snapshot, loaded.Entries, _policy, _clock, out problem) is { } fromSnapshot
                && !fromSnapshot.TakeSnapshot().ToBytes().Span.SequenceEqual(replayed.ToBytes().Span))
            {
                problem = $"the snapshot at version {loaded.Snapshot.Version} does not hold what the ledger's replay gives";
            }

            if (problem is null)
            {
                _cache.Set(replayed);
                return new StoreAudit(id, ledger.LastSequence, verification, loaded.Snapshot?.Version, true, false, null);
            }

            Log.SnapshotRebuilt(_logger, id.Value, problem);
            _metrics.SnapshotRebuilt("audit");
            var rewritten = await _repository.WriteSnapshotAsync(replayed, cancellationToken).ConfigureAwait(false);
            _cache.Forget(id);
            return new StoreAudit(id, ledger.LastSequence, verification, loaded.Snapshot?.Version, false, rewritten, problem);
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<CommandRun> RunCoreAsync(
        string operation,
        ConnectedAppsCommand command,
        Func<Store, StoreOutcome?> decide,
        Func<StoreOutcome?, long, ConnectedAppsResult> shape,
        Kind kind,
        CancellationToken cancellationToken)
    {
        var answersRecords = kind != Kind.Settle;
        var keyConflicts = 0;
        IdempotencyRecord? abandoned = null;
        var useCache = kind != Kind.Activity;
        for (var attempt = 1; ; attempt++)
        {
            ConnectedAppsResult result;
            Store store;
            IReadOnlyList<StoreEvent>? events;
            SaveOutcome saved;
            using (await _gate.EnterAsync(command.Store, cancellationToken).ConfigureAwait(false))
            {
                long version;

                // A warm store decides on its cached snapshot: the save's version check stands in for the read. A retry
                // reads, and so finds the record of a key already used (the save answered KeyConflict) or the newer store.
                if (useCache && _cache.TryGet(command.Store, out var cached))
                {
                    store = Store.TryFromSnapshot(cached, [], _policy, _clock, out _)!;
                    version = cached.Version;
                }
                else
                {
                    var loaded = await _repository.LoadAsync(command.Store, answersRecords ? command.IdempotencyKey : null, cancellationToken).ConfigureAwait(false);
                    if (loaded.Record is { } record)
                    {
                        return new CommandRun(await AnswerAsync(record, command, loaded, cancellationToken).ConfigureAwait(false), null);
                    }

                    var rebuilt = loaded.Exists ? await RebuildAsync(command.Store, loaded, cancellationToken).ConfigureAwait(false) : null;
                    if (rebuilt is null)
                    {
                        return new CommandRun(StoreNotFound(command.Store), null);
                    }

                    store = rebuilt;
                    version = loaded.Version;
                }

                var outcome = decide(store);
                result = shape(outcome, store.Version);
                if (kind == Kind.Activity && store.Version == version && outcome?.Status == OutcomeStatus.ActivityRecorded)
                {
                    // Activity within the resolution, already on record, and nothing else changed: nothing to save, not
                    // even a record (R11). A resend runs again and answers the same; recording activity twice is harmless.
                    return new CommandRun(result, store);
                }

                var isFinal = outcome is null || kind != Kind.Reserve || outcome.Status != OutcomeStatus.Reserved;
                var written = abandoned is null ? result.ToRecord(command.IdempotencyKey, command.Fingerprint, isFinal, _clock.GetCurrentInstant()) : null;
                result = abandoned is null ? result : ConnectedAppsResult.Replay(abandoned);
                (saved, events) = await SaveAsync(store, version, written, kind == Kind.Settle && abandoned is null, cancellationToken).ConfigureAwait(false);
            }

            if (events is not null)
            {
                await PublishAsync(store, events).ConfigureAwait(false);
                return new CommandRun(result, store);
            }

            // From here on the store is read first, so a retry sees the newer store or the record that holds the key.
            useCache = false;
            if (saved == SaveOutcome.KeyConflict && !answersRecords && abandoned is null
                && (await _repository.LoadAsync(command.Store, command.IdempotencyKey, cancellationToken).ConfigureAwait(false)).Record is { IsFinal: true } final)
            {
                // The unfinished record this settle would complete is final already: the sweep abandoned it, long after its
                // reservation's deadline. Its answer stands; the store's due expiries are still saved, without a record.
                abandoned = final;
                attempt--;
                continue;
            }

            if (saved == SaveOutcome.KeyConflict && answersRecords && ++keyConflicts <= 3)
            {
                // The key was used already (a resend decided on a cached snapshot): the read answers it from its record.
                // That is no collision with other writers, so it waits for nothing and spends no conflict retry.
                attempt--;
                continue;
            }

            // Settling a reservation this command already saved gets far more attempts: giving up leaves the slot held until it expires.
            var limit = answersRecords ? _options.MaxConflictRetries : Math.Max(_options.MaxConflictRetries, SettleRetries);
            if (!await BackOffAsync(operation, command.Store, attempt, limit, cancellationToken).ConfigureAwait(false))
            {
                var provider = (command as ConnectAppCommand)?.Provider;
                return new CommandRun(
                    answersRecords
                        ? Conflicted(command.Store, provider, attempt)
                        : ConnectedAppsResult.Service(
                            OutcomeStatus.Unsettled,
                            $"Store '{command.Store}' kept changing while the provider's answer was being saved ({attempt} attempts); the reserved slot stays held until its reservation expires, and the provider is then told to let go. Connect again with a new key after that.",
                            provider,
                            null,
                            0),
                    null);
            }
        }
    }

    /// <summary>
    /// The store from what a load read: its snapshot and the entries after it. A snapshot that cannot be trusted, or a
    /// store without one, is rebuilt from the whole ledger; the new snapshot is written back, and the rebuild logged
    /// and counted. Null when the store went away meanwhile.
    /// </summary>
    private async Task<Store?> RebuildAsync(StoreId id, LoadedStore loaded, CancellationToken cancellationToken)
    {
        SlotLedger? ledger;
        if (loaded.Snapshot is { } snapshot)
        {
            // The same version as the cached snapshot: the cached one is already read.
            var usable = loaded.Entries.Count == 0 && _cache.TryGet(id, out var cached) && cached.Version == snapshot.Version ? cached : snapshot;
            if (Store.TryFromSnapshot(usable, loaded.Entries, _policy, _clock, out var problem) is { } store)
            {
                _cache.Set(loaded.Entries.Count == 0 ? usable : store.TakeSnapshot());
                return store;
            }

            Log.SnapshotRebuilt(_logger, id.Value, problem!);
            _metrics.SnapshotRebuilt("untrusted");
            ledger = await _repository.ReadLedgerAsync(id, cancellationToken).ConfigureAwait(false);
            if (ledger is null)
            {
                return null;
            }
        }
        else
        {
            Log.SnapshotMissing(_logger, id.Value, loaded.Entries.Count);
            _metrics.SnapshotRebuilt("missing");
            ledger = SlotLedger.FromEntries(id, loaded.Entries);
        }

        var rebuilt = Store.FromLedger(ledger, _policy, _clock);
        var fresh = rebuilt.TakeSnapshot();
        await _repository.WriteSnapshotAsync(fresh, cancellationToken).ConfigureAwait(false);
        _cache.Set(fresh);
        return rebuilt;
    }

    /// <summary>Saves the store's new entries, its snapshot and the record; what the repository answered, and the events to publish when saved.</summary>
    private async Task<(SaveOutcome Outcome, IReadOnlyList<StoreEvent>? Events)> SaveAsync(Store store, long expectedVersion, IdempotencyRecord? record, bool completesUnfinishedRecord, CancellationToken cancellationToken)
    {
        var entries = store.EntriesAfter(expectedVersion).ToArray();
        if (entries.Length == 0 && record is null)
        {
            return (SaveOutcome.Saved, []);
        }

        // The store is not changed after its save: its state becomes the snapshot without a copy.
        var snapshot = entries.Length > 0 ? store.HandOverSnapshot() : null;
        var kept = entries.Length > 0 ? KeptEvents(store, entries[^1].Sequence) : null;
        SaveOutcome saved;
        try
        {
            saved = await _repository.SaveAsync(
                new StoreChange(store.Id, expectedVersion, entries, snapshot, kept, store.NextReservationDeadline(), record, completesUnfinishedRecord),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _cache.Forget(store.Id);
            throw;
        }

        if (saved != SaveOutcome.Saved)
        {
            _cache.Forget(store.Id);
            return (saved, null);
        }

        if (snapshot is not null)
        {
            _cache.Set(snapshot);
        }

        var events = store.TakeEvents();
        _metrics.Saved(store, events);
        return (saved, events);
    }

    /// <summary>The events a change keeps with its last entry for the feed: all it raised but a refusal at the limit; null when none.</summary>
    private static ChangeEvents? KeptEvents(Store store, long lastSequence)
    {
        var kept = store.PendingEvents.Where(StoreEventFormat.IsKept).ToArray();
        return kept.Length == 0 ? null : new ChangeEvents(store.Id, lastSequence, Array.AsReadOnly(kept));
    }

    /// <summary>
    /// Hands saved events to every sink, after the save and outside the store's turn; then tells the provider of each
    /// reservation that expired that the store let it go, unless the store holds its app again (a connect that reserved it
    /// anew). A connect whose answer could not be saved may have been accepted by its provider: this is where the provider
    /// hears that the slot is gone.
    /// </summary>
    private async Task PublishAsync(Store store, IReadOnlyList<StoreEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        await PublishToSinksAsync(store.Id.Value, events).ConfigureAwait(false);
        foreach (var e in events)
        {
            if (e is ReservationExpired expired && !store.TryGetApp(expired.Provider, out _))
            {
                await _letGo(store.Id, expired.Provider, expired.ConnectionId).ConfigureAwait(false);
            }
        }
    }

    private async Task PublishToSinksAsync(string store, IReadOnlyList<StoreEvent> events)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.PublishAsync(events, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A sink's failure must not undo or hide a saved change; it is logged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.SinkFailed(_logger, exception, sink.GetType().Name, events.Count, store);
            }
        }
    }

    private async Task<bool> BackOffAsync(string operation, StoreId store, int attempt, int limit, CancellationToken cancellationToken)
    {
        _metrics.Conflict(operation);
        if (attempt > limit)
        {
            Log.ConflictGaveUp(_logger, operation, store.Value, attempt);
            return false;
        }

        Log.ConflictRetry(_logger, operation, store.Value, attempt);

        // A little random wait spreads callers that collided, so the next attempt does not collide again.
        // Stryker disable once all : equivalent; the wait only spreads retries in time (bounded, random), and no answer depends on its length
        var wait = Random.Shared.Next(0, Math.Min(1 << Math.Min(attempt, 10), 50));
        // Stryker disable once all : equivalent; a delay or a yield, either way the retry runs later on the thread pool with the same answer
        if (wait > 0)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Task.Yield();
        }

        return true;
    }

    /// <summary>The answer to a key used before: a replay of its final record, or how its unfinished connect stands.</summary>
    private async Task<ConnectedAppsResult> AnswerAsync(IdempotencyRecord record, ConnectedAppsCommand command, LoadedStore loaded, CancellationToken cancellationToken)
    {
        if (record.Fingerprint != command.Fingerprint)
        {
            return ConnectedAppsResult.Service(
                OutcomeStatus.KeyReused,
                $"The idempotency key '{command.IdempotencyKey}' was already used on store '{command.Store}' for another command; use a new key.",
                null,
                null,
                loaded.Version);
        }

        if (record.IsFinal)
        {
            return ConnectedAppsResult.Replay(record);
        }

        var store = loaded.Exists && record.Provider is not null ? await RebuildAsync(command.Store, loaded, cancellationToken).ConfigureAwait(false) : null;
        var now = _clock.GetCurrentInstant();
        var stillPending = store is not null && store.TryGetApp(record.Provider!, out var app) && app.State == ConnectionState.Pending && app.PendingUntil > now;
        return stillPending
            ? ConnectedAppsResult.Service(OutcomeStatus.InProgress, $"The connect with key '{command.IdempotencyKey}' is still waiting for the provider; its slot is reserved.", record.Provider, null, loaded.Version)
            : new ConnectedAppsResult(
                OutcomeStatus.ReservationExpired,
                Unfinished(command.IdempotencyKey!),
                record.Provider,
                null,
                null,
                loaded.Version,
                isReplay: true);
    }

    /// <summary>
    /// Abandons a connect that never settled, long after its reservation's deadline: expires the store's due reservations
    /// (the connect's among them, if it still holds its slot) and makes the record final, answering
    /// <see cref="OutcomeStatus.ReservationExpired"/>, so it is purged like the others. False when the connect settled
    /// meanwhile, or the store kept changing (the next sweep tries again).
    /// </summary>
    public async Task<bool> AbandonAsync(UnfinishedConnect unfinished, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            IReadOnlyList<StoreEvent>? events;
            SaveOutcome saved;
            Store? store;
            using (await _gate.EnterAsync(unfinished.Store, cancellationToken).ConfigureAwait(false))
            {
                var loaded = await _repository.LoadAsync(unfinished.Store, unfinished.Key, cancellationToken).ConfigureAwait(false);
                if (loaded.Record is not { IsFinal: false } record)
                {
                    return false;
                }

                store = loaded.Exists ? await RebuildAsync(unfinished.Store, loaded, cancellationToken).ConfigureAwait(false) : null;
                store?.ExpireReservations();
                var now = _clock.GetCurrentInstant();
                var abandoned = new IdempotencyRecord(
                    unfinished.Key, record.Fingerprint, true, OutcomeStatus.ReservationExpired, Unfinished(unfinished.Key), record.Provider, store?.Version ?? loaded.Version, now, null);
                if (store is null)
                {
                    saved = await _repository.SaveAsync(new StoreChange(unfinished.Store, loaded.Version, [], null, null, null, abandoned, true), cancellationToken).ConfigureAwait(false);
                    events = saved == SaveOutcome.Saved ? [] : null;
                }
                else
                {
                    (saved, events) = await SaveAsync(store, loaded.Version, abandoned, true, cancellationToken).ConfigureAwait(false);
                }
            }

            if (events is not null)
            {
                if (store is not null)
                {
                    await PublishAsync(store, events).ConfigureAwait(false);
                }

                Log.ConnectAbandoned(_logger, unfinished.Key.Value, unfinished.Store.Value);
                return true;
            }

            if (saved == SaveOutcome.KeyConflict || !await BackOffAsync("Sweep", unfinished.Store, attempt, _options.MaxConflictRetries, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    private static string Unfinished(IdempotencyKey key) =>
        $"The connect with key '{key}' did not finish and its reservation is gone; start again with a new key.";

    internal static ConnectedAppsResult StoreNotFound(StoreId store) =>
        ConnectedAppsResult.Service(OutcomeStatus.StoreNotFound, $"No store with the id '{store}' exists.", null, null, 0);

    private static ConnectedAppsResult Conflicted(StoreId store, ProviderKey? provider, int attempts) =>
        ConnectedAppsResult.Service(OutcomeStatus.Conflict, $"Store '{store}' was changed by other callers on each of {attempts} attempts; nothing was saved. Try again.", provider, null, 0);
}

/// <summary>What a command run answered, and the store it decided on (null when it did not get that far).</summary>
internal readonly record struct CommandRun(ConnectedAppsResult Result, Store? Store);
