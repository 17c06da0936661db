using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// Where stores live: their slot ledgers (the truth), a snapshot of each store's state beside its ledger,
/// the deadlines of their pending reservations, and the idempotency records of the commands that changed them.
/// </summary>
/// <remarks>
/// <para>
/// Optimistic concurrency: <see cref="SaveAsync"/> applies a change only if the store is still at the
/// version the command read, and writes the entries, the snapshot, the deadline and the record atomically. The
/// connected-apps service reloads and retries on <see cref="SaveOutcome.VersionConflict"/>.
/// </para>
/// <para>
/// What a command costs must not grow with the store's age: <see cref="LoadAsync"/> reads the snapshot and only the
/// entries after it, never the whole ledger while a snapshot is there. Only <see cref="ReadLedgerAsync"/>, the audit
/// read, reads every entry.
/// </para>
/// <para>
/// An implementation must keep the slot guarantee (R3) for its own writers: an entry with more slots in
/// use than its allowance is never stored. Implementations are thread-safe; <see cref="InMemoryStoreRepository"/>
/// is the default, for one process.
/// </para>
/// </remarks>
public interface IStoreRepository
{
    /// <summary>Reads a store's latest snapshot and the ledger entries after it, and, if asked for, the record of one idempotency key.</summary>
    /// <param name="store">The store.</param>
    /// <param name="key">The key whose record to read, or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot and entries (neither if the store does not exist; the whole ledger if it has no snapshot) and the record (null if none).</returns>
    Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken);

    /// <summary>Reads a store's whole ledger: for audits, and to rebuild a store whose snapshot cannot be trusted. Its cost grows with the ledger.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ledger, or null if the store does not exist.</returns>
    Task<SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken);

    /// <summary>Replaces a store's snapshot with one rebuilt from its ledger, if the store is still at the snapshot's version.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was written; false when the store has moved on (its next save writes a snapshot anyway) or does not exist.</returns>
    Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Writes a change if the store is still at <see cref="StoreChange.ExpectedVersion"/>; all of it or nothing.</summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels the write (nothing is written).</param>
    /// <returns>Whether the change was written, or why not.</returns>
    /// <exception cref="ArgumentException">The change would break the ledger: an entry over its allowance, or entries of another store.</exception>
    Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken);

    /// <summary>Finds stores with a pending reservation whose deadline has come, for the sweep (R6).</summary>
    /// <param name="now">The current instant; a deadline at or before it is due.</param>
    /// <param name="limit">The most stores to return.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Up to <paramref name="limit"/> stores, earliest deadline first.</returns>
    Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Finds unfinished idempotency records (connects that reserved a slot and never settled) written before an instant, for
    /// the sweep, which abandons them: it expires their reservations and replaces each record with a final one, through
    /// <see cref="SaveAsync"/> with <see cref="StoreChange.CompletesUnfinishedRecord"/> set.
    /// </summary>
    /// <param name="recordedBefore">Records written before this are returned.</param>
    /// <param name="limit">The most records to return.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Up to <paramref name="limit"/> unfinished connects, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is zero or negative.</exception>
    Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes final idempotency records written before an instant; unfinished ones are kept.</summary>
    /// <param name="recordedBefore">Records written before this are deleted.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>How many records were deleted.</returns>
    Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken);
}
