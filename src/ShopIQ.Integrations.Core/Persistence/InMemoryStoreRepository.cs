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
/// The event feed (<see cref="IStoreEventLog"/>) numbers changes with a counter as they are saved, under the saving
/// store's lock, so a change is in the feed the moment its save returns and positions never arrive out of order.
/// A load answers with the snapshot object the last save handed over (never serialised here) and no
/// entries; ledgers handed out by <see cref="ReadLedgerAsync"/> are shared by every read at the same version.
/// </remarks>
public sealed class InMemoryStoreRepository : IStoreRepository, IStoreEventLog
{
    private readonly ConcurrentDictionary<StoreId, StoreData> _stores = new();

    /// <summary>Every saved change's events, in feed order (commit number = index + 1); guarded by itself.</summary>
    private readonly List<(FeedPosition Position, ChangeEvents Events)> _feed = [];

    /// <summary>The subscriptions' state, by name; guarded by itself.</summary>
    private readonly Dictionary<string, SubscriptionState> _subscriptions = new(StringComparer.Ordinal);

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
                if (change.Events is { } events)
                {
                    lock (_feed)
                    {
                        _feed.Add((new FeedPosition(_feed.Count + 1, events.Sequence), events));
                    }
                }
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

    /// <inheritdoc />
    public Task<FeedPage> ReadFeedAsync(FeedPosition after, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);
        cancellationToken.ThrowIfCancellationRequested();
        var changes = new List<(FeedPosition Position, ChangeEvents Events)>();
        lock (_feed)
        {
            // Commit numbers are index + 1: the first change after `after` is at index after.Commit - 1 or after.Commit.
            var start = (int)Math.Min(Math.Max(after.Commit - 1, 0), _feed.Count);
            for (var i = start; i < _feed.Count && changes.Count < maxEvents; i++)
            {
                if (_feed[i].Position > after)
                {
                    changes.Add(_feed[i]);
                }
            }
        }

        return Task.FromResult(FeedPages.Of(changes, after, maxEvents));
    }

    /// <inheritdoc />
    public Task<FeedPosition> ReadFeedHeadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_feed)
        {
            return Task.FromResult(_feed.Count == 0 ? FeedPosition.Start : _feed[^1].Position);
        }
    }

    /// <inheritdoc />
    public Task<SubscriptionLease?> TryLeaseSubscriptionAsync(string subscription, string holder, Duration leaseTime, Instant now, CancellationToken cancellationToken)
    {
        FeedPages.CheckLease(subscription, holder, leaseTime);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_subscriptions)
        {
            if (!_subscriptions.TryGetValue(subscription, out var state))
            {
                state = new SubscriptionState();
                _subscriptions.Add(subscription, state);
            }

            if (state.Holder is not null && state.Holder != holder && state.ExpiresAt > now)
            {
                return Task.FromResult<SubscriptionLease?>(null);
            }

            state.Holder = holder;
            state.ExpiresAt = now + leaseTime;
            return Task.FromResult<SubscriptionLease?>(new SubscriptionLease(subscription, holder, state.Checkpoint, state.ExpiresAt));
        }
    }

    /// <inheritdoc />
    public Task<bool> CheckpointSubscriptionAsync(string subscription, string holder, FeedPosition checkpoint, Duration leaseTime, Instant now, CancellationToken cancellationToken)
    {
        FeedPages.CheckLease(subscription, holder, leaseTime);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_subscriptions)
        {
            if (!Holds(subscription, holder, now, out var state))
            {
                return Task.FromResult(false);
            }

            if (checkpoint > state.Checkpoint)
            {
                state.Checkpoint = checkpoint;
            }

            state.ExpiresAt = now + leaseTime;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseSubscriptionAsync(string subscription, string holder, CancellationToken cancellationToken)
    {
        FeedPages.CheckNames(subscription, holder);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_subscriptions)
        {
            if (_subscriptions.TryGetValue(subscription, out var state) && state.Holder == holder)
            {
                state.Holder = null;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> ParkEventAsync(ParkedEvent parked, string holder, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parked);
        FeedPages.CheckNames(parked.Subscription, holder);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_subscriptions)
        {
            if (!Holds(parked.Subscription, holder, now, out var state))
            {
                return Task.FromResult(false);
            }

            state.Parked[parked.Event.Id] = parked;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ParkedEvent>> ReadParkedEventsAsync(string subscription, int limit, CancellationToken cancellationToken)
    {
        FeedPages.CheckName(subscription);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_subscriptions)
        {
            IReadOnlyList<ParkedEvent> parked = _subscriptions.TryGetValue(subscription, out var state)
                ? state.Parked.Values.OrderBy(p => p.Event.Position).ThenBy(p => p.Event.Id.Index).Take(limit).ToArray()
                : [];
            return Task.FromResult(parked);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveParkedEventAsync(string subscription, StoreEventId id, CancellationToken cancellationToken)
    {
        FeedPages.CheckName(subscription);
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_subscriptions)
        {
            return Task.FromResult(_subscriptions.TryGetValue(subscription, out var state) && state.Parked.Remove(id));
        }
    }

    /// <summary>Whether <paramref name="holder"/> holds an unexpired lease of the subscription; call it under the subscriptions' lock.</summary>
    private bool Holds(string subscription, string holder, Instant now, out SubscriptionState state) =>
        _subscriptions.TryGetValue(subscription, out state!) && state.Holder == holder && state.ExpiresAt > now;

    private sealed class SubscriptionState
    {
        public FeedPosition Checkpoint { get; set; }

        public string? Holder { get; set; }

        public Instant ExpiresAt { get; set; }

        public Dictionary<StoreEventId, ParkedEvent> Parked { get; } = [];
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
