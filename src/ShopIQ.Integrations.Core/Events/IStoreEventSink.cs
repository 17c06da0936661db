namespace ShopIQ.Integrations.Core;

/// <summary>Receives the domain events of every store change, after the change is saved (R18).</summary>
/// <remarks>
/// The connected-apps service calls every registered sink once per saved change, in order, with that
/// change's events in the order they happened. Delivery is at most once: the change is already saved,
/// so a sink that throws is logged and the other sinks still run. A sink that must not lose an event
/// should write it durably first (an outbox) and forward it from there. Implementations must be thread-safe.
/// </remarks>
public interface IStoreEventSink
{
    /// <summary>Publishes the events of one saved change.</summary>
    /// <param name="events">The events, oldest first; never empty.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up.</param>
    /// <returns>A task that completes when the events are handed on.</returns>
    Task PublishAsync(IReadOnlyList<StoreEvent> events, CancellationToken cancellationToken);
}
