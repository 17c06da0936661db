namespace ShopIQ.Integrations.Core;

/// <summary>An event of a saved change as the feed delivers it: its stable id, the position of its change, and the event.</summary>
/// <remarks>Immutable and thread-safe; reference equality (compare <see cref="Id"/> to find a duplicate).</remarks>
public sealed class FeedEvent
{
    /// <summary>Creates a feed event.</summary>
    /// <param name="id">The event's stable id.</param>
    /// <param name="position">The position of the change the event belongs to.</param>
    /// <param name="storeEvent">The event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="storeEvent"/> is null.</exception>
    /// <exception cref="ArgumentException">The event is of another store than the id.</exception>
    public FeedEvent(StoreEventId id, FeedPosition position, StoreEvent storeEvent)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(storeEvent);
        if (storeEvent.StoreId != id.Store)
        {
            throw new ArgumentException($"The event is of store '{storeEvent.StoreId}'; the id names store '{id.Store}'.", nameof(storeEvent));
        }

        Id = id;
        Position = position;
        Event = storeEvent;
    }

    /// <summary>The event's stable id.</summary>
    public StoreEventId Id { get; }

    /// <summary>The position of the change the event belongs to; every event of one change has the same position.</summary>
    public FeedPosition Position { get; }

    /// <summary>The event.</summary>
    public StoreEvent Event { get; }

    /// <summary>The id and the event, for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Id} at {Position}: {Event}";
}
