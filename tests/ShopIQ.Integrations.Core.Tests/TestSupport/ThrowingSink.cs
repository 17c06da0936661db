namespace ShopIQ.Integrations.Core.Tests.TestSupport;

/// <summary>An event sink that always fails, as a broken message bus would.</summary>
internal sealed class ThrowingSink : IStoreEventSink
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task PublishAsync(IReadOnlyList<StoreEvent> events, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException("The message bus is down.");
    }
}
