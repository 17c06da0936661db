using NodaTime;
namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// Wraps a repository and answers <see cref="SaveOutcome.VersionConflict"/> to the next N saves without
/// writing anything, as if other callers had changed the store first. Counts every save attempt.
/// </summary>
internal sealed class ConflictingRepository : IStoreRepository
{
    private readonly IStoreRepository _inner;
    private readonly object _gate = new(); // not System.Threading.Lock: this file also builds for net8.0
    private int _conflictsLeft;
    private int _saveAttempts;

    public ConflictingRepository(IStoreRepository inner)
    {
        _inner = inner;
    }

    public int SaveAttempts
    {
        get
        {
            lock (_gate)
            {
                return _saveAttempts;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> saves conflict; <see cref="int.MaxValue"/> for every one.</summary>
    public void ConflictOnNextSaves(int count)
    {
        lock (_gate)
        {
            _conflictsLeft = count;
            _saveAttempts = 0;
        }
    }

    public Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken) =>
        _inner.LoadAsync(store, key, cancellationToken);

    public Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _saveAttempts++;
            if (_conflictsLeft > 0)
            {
                _conflictsLeft--;
                return Task.FromResult(SaveOutcome.VersionConflict);
            }
        }

        return _inner.SaveAsync(change, cancellationToken);
    }

    public Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken) =>
        _inner.FindStoresWithDueReservationsAsync(now, limit, cancellationToken);

    public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken) =>
        _inner.FindUnfinishedConnectsAsync(recordedBefore, limit, cancellationToken);

    public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken) =>
        _inner.PurgeIdempotencyRecordsAsync(recordedBefore, cancellationToken);


    public Task<Core.SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken) => _inner.ReadLedgerAsync(store, cancellationToken);


    public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken) => _inner.WriteSnapshotAsync(snapshot, cancellationToken);
}
