namespace ShopIQ.Integrations.Core;

/// <summary>One read of the event feed: the events of whole changes, in feed order, and the position to read after next.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class FeedPage
{
    /// <summary>Creates a page.</summary>
    /// <param name="events">The events, in feed order.</param>
    /// <param name="next">The position to read after next: the last change's position, or the position read after when there are no events.</param>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null or holds a null.</exception>
    /// <exception cref="ArgumentException">An event's position is after <paramref name="next"/>, or the events are out of order.</exception>
    public FeedPage(IEnumerable<FeedEvent> events, FeedPosition next)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.ToArray();
        for (var i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], nameof(events));
            if (list[i].Position > next || (i > 0 && list[i].Position < list[i - 1].Position))
            {
                throw new ArgumentException($"Event {list[i].Id} at {list[i].Position} is out of feed order (the page ends at {next}).", nameof(events));
            }
        }

        Events = Array.AsReadOnly(list);
        Next = next;
    }

    /// <summary>The events, in feed order: a store's events in the order they happened.</summary>
    public IReadOnlyList<FeedEvent> Events { get; }

    /// <summary>The position to read after next.</summary>
    public FeedPosition Next { get; }
}
