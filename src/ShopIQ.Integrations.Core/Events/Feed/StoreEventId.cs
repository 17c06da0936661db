using System.Globalization;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The stable id of an event in the feed: its store, the ledger sequence of the entry it is kept with (the last entry of the
/// change that raised it), and its index among that entry's events. A consumer that may see an event twice (delivery is at
/// least once) drops the second by its id.
/// </summary>
/// <remarks>Immutable, value equality, thread-safe.</remarks>
public sealed record StoreEventId
{
    /// <summary>Creates an id.</summary>
    /// <param name="store">The store.</param>
    /// <param name="sequence">The ledger sequence of the entry the event is kept with, 1 or more.</param>
    /// <param name="index">The event's index among that entry's events, 0 or more.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is below 1 or <paramref name="index"/> is negative.</exception>
    public StoreEventId(StoreId store, long sequence, int index)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Store = store;
        Sequence = sequence;
        Index = index;
    }

    /// <summary>The store.</summary>
    public StoreId Store { get; }

    /// <summary>The ledger sequence of the entry the event is kept with.</summary>
    public long Sequence { get; }

    /// <summary>The event's index among that entry's events.</summary>
    public int Index { get; }

    /// <summary>The id as <c>store/sequence/index</c>, for example <c>store-1/12/0</c>; unique across the feed.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Store}/{Sequence}/{Index}");
}
