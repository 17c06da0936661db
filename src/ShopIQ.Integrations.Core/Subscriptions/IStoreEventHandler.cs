namespace ShopIQ.Integrations.Core;

/// <summary>
/// Handles the events of a named event subscription: every event of every saved change, at least once, in the order they
/// happened within each store (added with <c>AddEventSubscription&lt;THandler&gt;(name)</c>).
/// </summary>
/// <remarks>
/// <para>
/// At least once: after a crash or a lease moving to another instance, the events delivered since the subscription's last
/// checkpoint (at most one batch) are delivered again. Drop them by <see cref="FeedEvent.Id"/>, or make handling
/// idempotent.
/// </para>
/// <para>
/// A handler that throws is called again with the same event, with back-off, up to the subscription's
/// <see cref="EventSubscriptionOptions.MaxAttempts"/>; then the event is parked (listed and retried through
/// <see cref="EventSubscriptions"/>) and the subscription goes on with the next one. The handler is resolved from a DI
/// scope made for each batch.
/// </para>
/// </remarks>
public interface IStoreEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="feedEvent">The event, with its stable id and feed position.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the event is handled; a failure is retried.</returns>
    Task HandleAsync(FeedEvent feedEvent, CancellationToken cancellationToken);
}
