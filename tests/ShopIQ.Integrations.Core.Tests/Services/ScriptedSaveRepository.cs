using NodaTime;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// Wraps a repository and lets a test answer chosen saves itself, without writing anything: a save for which
/// <see cref="Answer"/> gives an outcome gets that outcome, every other save and every other call passes through.
/// Counts the saves it answered.
/// </summary>
internal sealed class ScriptedSaveRepository(IStoreRepository inner) : IStoreRepository
{
    private readonly object _gate = new(); // not System.Threading.Lock: this file also builds for net8.0
    private int _answered;

    /// <summary>The outcome for a save, or null to pass it through.</summary>
    public Func<StoreChange, SaveOutcome?> Answer { get; set; } = _ => null;

    /// <summary>How many saves <see cref="Answer"/> answered.</summary>
    public int Answered
    {
        get
        {
            lock (_gate)
            {
                return _answered;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> saves of a record with <paramref name="key"/> answer <paramref name="outcome"/>.</summary>
    public void AnswerSavesOf(IdempotencyKey key, SaveOutcome outcome, int count = int.MaxValue) =>
        AnswerSaves(c => c.Record?.Key == key, outcome, count);

    /// <summary>The next <paramref name="count"/> saves that <paramref name="matches"/> answer <paramref name="outcome"/>.</summary>
    public void AnswerSaves(Func<StoreChange, bool> matches, SaveOutcome outcome, int count = int.MaxValue)
    {
        var left = count;
        Answer = change =>
        {
            lock (_gate)
            {
                if (left <= 0 || !matches(change))
                {
                    return null;
                }

                left--;
                return outcome;
            }
        };
    }

    public Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken)
    {
        if (Answer(change) is { } outcome)
        {
            lock (_gate)
            {
                _answered++;
            }

            return Task.FromResult(outcome);
        }

        return inner.SaveAsync(change, cancellationToken);
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
