namespace ShopIQ.Integrations.Core;

/// <summary>Receives the domain events of every store change, after the change is saved (R18).</summary>
/// <remarks>
/// <para>
/// The connected-apps service calls every registered sink once per saved change, in order, with that
/// change's events in the order they happened. Delivery is at most once: the change is already saved,
/// so a sink that throws is logged and the other sinks still run, and an event is lost if the process dies
/// between the save and the call. Implementations must be thread-safe.
/// </para>
/// <para>
/// Where no event may be lost, use an event subscription instead (<see cref="IStoreEventHandler"/>): the repository keeps
/// each saved change's events with its last ledger entry, in the same atomic write, and a subscription delivers them from
/// there at least once. Every event is kept that way, <see cref="SlotsNearlyFull"/> included (it is raised by the
/// change that took the slot), except <see cref="ConnectRefusedAtLimit"/>: a refusal saves no ledger entry, so it is
/// only ever published here, best effort.
/// </para>
/// </remarks>
public interface IStoreEventSink
{
    /// <summary>Publishes the events of one saved change.</summary>
    /// <param name="events">The events, oldest first; never empty.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up.</param>
    /// <returns>A task that completes when the events are handed on.</returns>
    Task PublishAsync(IReadOnlyList<StoreEvent> events, CancellationToken cancellationToken);
}
