using System.Collections.ObjectModel;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// One atomic write to a store repository: the ledger entries a command appended, on top of the version
/// it read, the store's snapshot after them, plus the idempotency record of the command.
/// </summary>
/// <remarks>
/// <para>Immutable. A repository writes all of it or none of it.</para>
/// <para>
/// The snapshot is written in the same atomic step as the entries, so a stored snapshot is never behind the ledger
/// it claims. A change with entries but no snapshot leaves the store without one: the repository must then drop the
/// snapshot it has, and the next load rebuilds the store from its ledger.
/// </para>
/// <para>
/// Idempotency: the record claims its key. The repository answers <see cref="SaveOutcome.KeyConflict"/>, writing
/// nothing, when any record already holds the key, unless <see cref="CompletesUnfinishedRecord"/> is set and the
/// record there is unfinished (a connect settling the reservation it saved under the same key).
/// </para>
/// </remarks>
public sealed class StoreChange
{
    /// <summary>Creates a change.</summary>
    /// <param name="store">The store.</param>
    /// <param name="expectedVersion">The version the command read: the ledger's last sequence, 0 for a store that does not exist yet.</param>
    /// <param name="entries">The new entries, numbered on from <paramref name="expectedVersion"/>; may be empty when only a record is written.</param>
    /// <param name="nextReservationDeadline">The earliest deadline of the store's pending reservations after the change, or null if it has none; lets a sweep find the store.</param>
    /// <param name="record">The idempotency record to write, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="entries"/> is null, or <paramref name="entries"/> holds a null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="ArgumentException">The entries are not numbered on from <paramref name="expectedVersion"/>, or there are neither entries nor a record.</exception>
    public StoreChange(StoreId store, long expectedVersion, IEnumerable<SlotLedgerEntry> entries, Instant? nextReservationDeadline, IdempotencyRecord? record)
        : this(store, expectedVersion, entries, null, null, nextReservationDeadline, record, false)
    {
    }

    /// <summary>Creates a change with the store's snapshot after it.</summary>
    /// <param name="store">The store.</param>
    /// <param name="expectedVersion">The version the command read: the ledger's last sequence, 0 for a store that does not exist yet.</param>
    /// <param name="entries">The new entries, numbered on from <paramref name="expectedVersion"/>; may be empty when only a record is written.</param>
    /// <param name="snapshot">The store's snapshot after the entries (at <see cref="NewVersion"/>), or null to leave the store without one.</param>
    /// <param name="events">The events the change raised, to keep with its last entry (at <see cref="NewVersion"/>) for the feed, or null when it raised none; only a change with entries has them.</param>
    /// <param name="nextReservationDeadline">The earliest deadline of the store's pending reservations after the change, or null if it has none; lets a sweep find the store.</param>
    /// <param name="record">The idempotency record to write, or null.</param>
    /// <param name="completesUnfinishedRecord">Whether <paramref name="record"/> may replace an unfinished record of the same key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="entries"/> is null, or <paramref name="entries"/> holds a null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="ArgumentException">
    /// The entries are not numbered on from <paramref name="expectedVersion"/>, there are neither entries nor a record, or the
    /// snapshot or the events are of another store or version, or there are events but no entries.
    /// </exception>
    public StoreChange(StoreId store, long expectedVersion, IEnumerable<SlotLedgerEntry> entries, StoreSnapshot? snapshot, ChangeEvents? events, Instant? nextReservationDeadline, IdempotencyRecord? record, bool completesUnfinishedRecord)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var list = entries.ToArray();
        for (var i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], nameof(entries));
            if (list[i].Sequence != expectedVersion + i + 1)
            {
                throw new ArgumentException($"Entry {i} has sequence {list[i].Sequence}; expected {expectedVersion + i + 1}, numbered on from the expected version.", nameof(entries));
            }
        }

        if (list.Length == 0 && record is null)
        {
            throw new ArgumentException("A change needs at least one entry or an idempotency record.", nameof(entries));
        }

        if (snapshot is not null && (snapshot.Store != store || snapshot.Version != expectedVersion + list.Length))
        {
            throw new ArgumentException($"The snapshot is of store '{snapshot.Store}' at version {snapshot.Version}; the change leaves store '{store}' at version {expectedVersion + list.Length}.", nameof(snapshot));
        }

        if (events is not null && (list.Length == 0 || events.Store != store || events.Sequence != expectedVersion + list.Length))
        {
            throw new ArgumentException(
                list.Length == 0
                    ? "A change without entries keeps no events: events are kept with the change's last entry."
                    : $"The events are kept with entry {events.Sequence} of store '{events.Store}'; the change's last entry is {expectedVersion + list.Length} of store '{store}'.",
                nameof(events));
        }

        Store = store;
        ExpectedVersion = expectedVersion;
        Snapshot = snapshot;
        Events = events;
        CompletesUnfinishedRecord = completesUnfinishedRecord;
        Entries = new ReadOnlyCollection<SlotLedgerEntry>(list);
        NextReservationDeadline = nextReservationDeadline;
        Record = record;
    }

    /// <summary>The store.</summary>
    public StoreId Store { get; }

    /// <summary>The version the command read; the write applies only if the store is still at it.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The new entries, in sequence order.</summary>
    public IReadOnlyList<SlotLedgerEntry> Entries { get; }

    /// <summary>The version after the change.</summary>
    public long NewVersion => ExpectedVersion + Entries.Count;

    /// <summary>The earliest deadline of the store's pending reservations after the change, or null.</summary>
    public Instant? NextReservationDeadline { get; }

    /// <summary>The idempotency record to write, or null.</summary>
    public IdempotencyRecord? Record { get; }

    /// <summary>The store's snapshot after the change, or null (with entries: the store is left without a snapshot).</summary>
    public StoreSnapshot? Snapshot { get; }

    /// <summary>The events the change raised, kept with its last entry for the feed (<see cref="IStoreEventLog"/>), or null.</summary>
    public ChangeEvents? Events { get; }

    /// <summary>Whether <see cref="Record"/> may replace an unfinished record of the same key; otherwise any record there is a key conflict.</summary>
    public bool CompletesUnfinishedRecord { get; }
}
