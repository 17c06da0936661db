using System.Collections.Concurrent;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The default store repository: stores, ledgers, snapshots and idempotency records in this process's memory.
/// </summary>
/// <remarks>
/// Thread-safe: each store has its own lock, held only for the compare-and-append, so callers on
/// different stores never wait for each other. Nothing survives a restart and nothing is shared between
/// processes; services running several instances need a shared repository (such as a database) instead.
/// A load answers with the snapshot object the last save handed over (never serialised here) and no
/// entries; ledgers handed out by <see cref="ReadLedgerAsync"/> are shared by every read at the same version.
/// </remarks>
public sealed class InMemoryStoreRepository : IStoreRepository
{
    private readonly ConcurrentDictionary<StoreId, StoreData> _stores = new();

    /// <inheritdoc />
    public Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_stores.TryGetValue(store, out var data))
        {
            return Task.FromResult(new LoadedStore(null, [], null));
        }

        lock (data)
        {
            var record = key is not null && data.Records.TryGetValue(key, out var found) ? found : null;
            return Task.FromResult(data.Snapshot is { } snapshot
                ? new LoadedStore(snapshot, [], record)
                : new LoadedStore(null, data.Entries.ToArray(), record));
        }
    }

    /// <inheritdoc />
    public Task<SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_stores.TryGetValue(store, out var data))
        {
            return Task.FromResult<SlotLedger?>(null);
        }

        lock (data)
        {
            if (data.Entries.Count == 0)
            {
                return Task.FromResult<SlotLedger?>(null);
            }

            data.Ledger ??= SlotLedger.FromEntries(store, data.Entries);
            return Task.FromResult<SlotLedger?>(data.Ledger);
        }
    }

    /// <inheritdoc />
    public Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in change.Entries)
        {
            if (!entry.Allowance.Covers(entry.SlotsInUse))
            {
                throw new ArgumentException(
                    $"Entry {entry.Sequence} of store '{change.Store}' has {entry.SlotsInUse} slots in use on an allowance of {entry.Allowance}; it is never stored (R3).",
                    nameof(change));
            }
        }

        var data = _stores.GetOrAdd(change.Store, static _ => new StoreData());
        lock (data)
        {
            if (data.Entries.Count != change.ExpectedVersion)
            {
                return Task.FromResult(SaveOutcome.VersionConflict);
            }

            if (change.Record is { } record && data.Records.TryGetValue(record.Key, out var existing) && (existing.IsFinal || !change.CompletesUnfinishedRecord))
            {
                return Task.FromResult(SaveOutcome.KeyConflict);
            }

            if (change.Entries.Count > 0)
            {
                data.Entries.AddRange(change.Entries);
                data.Ledger = null;
                data.Snapshot = change.Snapshot;
                data.NextDeadline = change.NextReservationDeadline;
            }

            if (change.Record is { } written)
            {
                data.Records[written.Key] = written;
            }

            return Task.FromResult(SaveOutcome.Saved);
        }
    }

    /// <inheritdoc />
    public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_stores.TryGetValue(snapshot.Store, out var data))
        {
            return Task.FromResult(false);
        }

        lock (data)
        {
            if (data.Entries.Count == 0 || data.Entries.Count != snapshot.Version)
            {
                return Task.FromResult(false);
            }

            data.Snapshot = snapshot;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        var due = new List<(StoreId Store, Instant Deadline)>();
        foreach (var (store, data) in _stores)
        {
            lock (data)
            {
                if (data.NextDeadline is { } deadline && deadline <= now)
                {
                    due.Add((store, deadline));
                }
            }
        }

        IReadOnlyList<StoreId> result = due.OrderBy(d => d.Deadline).Take(limit).Select(d => d.Store).ToArray();
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new List<UnfinishedConnect>();
        foreach (var (id, data) in _stores)
        {
            lock (data)
            {
                found.AddRange(data.Records.Values.Where(r => !r.IsFinal && r.RecordedAt < recordedBefore).Select(r => new UnfinishedConnect(id, r.Key, r.RecordedAt)));
            }
        }

        IReadOnlyList<UnfinishedConnect> result = found.OrderBy(u => u.RecordedAt).Take(limit).ToArray();
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var purged = 0;
        foreach (var data in _stores.Values)
        {
            lock (data)
            {
                foreach (var record in data.Records.Values.Where(r => r.IsFinal && r.RecordedAt < recordedBefore).ToArray())
                {
                    data.Records.Remove(record.Key);
                    purged++;
                }
            }
        }

        return Task.FromResult(purged);
    }

    private sealed class StoreData
    {
        public List<SlotLedgerEntry> Entries { get; } = [];

        /// <summary>The whole ledger as last read, until the next append.</summary>
        public SlotLedger? Ledger { get; set; }

        /// <summary>The snapshot at the last entry, kept as the state object it was taken as; null if the last change came without one.</summary>
        public StoreSnapshot? Snapshot { get; set; }

        public Instant? NextDeadline { get; set; }

        public Dictionary<IdempotencyKey, IdempotencyRecord> Records { get; } = [];
    }
}
