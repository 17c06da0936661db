using System.Collections.Concurrent;
namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>An event sink that reads the store's saved ledger while it is being called, to see whether the change was saved first (R18).</summary>
internal sealed class InspectingSink : IStoreEventSink
{
    private readonly IStoreRepository _repository;
    private readonly ConcurrentQueue<(IReadOnlyList<StoreEvent> Events, SlotLedger? Saved)> _seen = new();

    public InspectingSink(IStoreRepository repository)
    {
        _repository = repository;
    }

    /// <summary>Each batch published, with the ledger the repository held at that moment.</summary>
    public IReadOnlyList<(IReadOnlyList<StoreEvent> Events, SlotLedger? Saved)> Seen => _seen.ToArray();

    public async Task PublishAsync(IReadOnlyList<StoreEvent> events, CancellationToken cancellationToken)
    {
        _seen.Enqueue((events, await _repository.ReadLedgerAsync(events[0].StoreId, cancellationToken)));
    }
}
