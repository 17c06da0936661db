using NodaTime;
namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>
/// Wraps a repository and makes chosen saves throw, as a storage outage or an encoder error would: before anything is
/// written, or after the change was written (its answer lost). Counts saves; every other call passes through.
/// </summary>
internal sealed class FaultyRepository(IStoreRepository inner) : IStoreRepository
{
    private readonly object _gate = new(); // not System.Threading.Lock: this file also builds for net8.0
    private int _saves;
    private int _failFrom = int.MaxValue;
    private int _failCount;
    private bool _afterWriting;
    private Func<Exception> _error = () => new InvalidOperationException("injected storage failure");

    /// <summary>How many saves were attempted.</summary>
    public int Saves
    {
        get
        {
            lock (_gate)
            {
                return _saves;
            }
        }
    }

    /// <summary>Saves number <paramref name="from"/> (counting from 1, all saves so far included) onwards throw, <paramref name="count"/> of them.</summary>
    public void FailSaves(int from, int count, bool afterWriting, Func<Exception> error)
    {
        lock (_gate)
        {
            _failFrom = from;
            _failCount = count;
            _afterWriting = afterWriting;
            _error = error;
        }
    }

    /// <summary>Saves work again.</summary>
    public void Heal() => FailSaves(int.MaxValue, 0, false, _error);

    public async Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken)
    {
        bool fail;
        bool afterWriting;
        Exception? error = null;
        lock (_gate)
        {
            _saves++;
            fail = _saves >= _failFrom && _failCount > 0;
            if (fail)
            {
                _failCount--;
                error = _error();
            }

            afterWriting = _afterWriting;
        }

        if (fail && !afterWriting)
        {
            throw error!;
        }

        var saved = await inner.SaveAsync(change, cancellationToken);
        return fail ? throw error! : saved;
    }

    public Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken) => inner.LoadAsync(store, key, cancellationToken);

    public Task<SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken) => inner.ReadLedgerAsync(store, cancellationToken);

    public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken) => inner.WriteSnapshotAsync(snapshot, cancellationToken);

    public Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken) =>
        inner.FindStoresWithDueReservationsAsync(now, limit, cancellationToken);

    public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken) =>
        inner.FindUnfinishedConnectsAsync(recordedBefore, limit, cancellationToken);

    public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken) =>
        inner.PurgeIdempotencyRecordsAsync(recordedBefore, cancellationToken);
}
