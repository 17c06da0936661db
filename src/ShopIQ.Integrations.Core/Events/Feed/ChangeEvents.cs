namespace ShopIQ.Integrations.Core;

/// <summary>
/// The events of one saved change, as a repository keeps them: beside the change's last ledger entry, written in the same
/// atomic step as the entries, so every saved change's events can be read back from the feed (<see cref="IStoreEventLog"/>).
/// </summary>
/// <remarks>
/// <para>
/// A repository keeps the events as bytes (<see cref="ToBytes"/>) with the entry's store and sequence, and gives them back
/// with <see cref="FromBytes"/>; it never needs to look inside. The bytes start with their format version and end with a
/// checksum, so bytes changed in storage are found when they are read (<see cref="ToFeedEvents"/> throws).
/// </para>
/// <para>
/// Every event a change raises is kept except <see cref="ConnectRefusedAtLimit"/>: a refusal saves no ledger entry, so it
/// reaches the <see cref="IStoreEventSink"/>s only, at most once. <see cref="SlotsNearlyFull"/> is kept, with the entry
/// that took the slot. Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class ChangeEvents
{
    private readonly IReadOnlyList<StoreEvent>? _events;
    private byte[]? _bytes;

    internal ChangeEvents(StoreId store, long sequence, IReadOnlyList<StoreEvent> events)
    {
        Store = store;
        Sequence = sequence;
        _events = events;
        Count = events.Count;
    }

    private ChangeEvents(StoreId store, long sequence, byte[] bytes)
    {
        Store = store;
        Sequence = sequence;
        _bytes = bytes;
        Count = -1;
    }

    /// <summary>The store.</summary>
    public StoreId Store { get; }

    /// <summary>The ledger sequence of the entry the events are kept with: the change's last entry.</summary>
    public long Sequence { get; }

    /// <summary>How many events the change raised, or -1 for events read from bytes (known once they are decoded).</summary>
    internal int Count { get; }

    /// <summary>Takes stored bytes as they are, to be checked and read when the events are read.</summary>
    /// <param name="store">The store the repository keeps them for.</param>
    /// <param name="sequence">The ledger sequence of the entry the repository keeps them with.</param>
    /// <param name="bytes">The bytes <see cref="ToBytes"/> gave; copied.</param>
    /// <returns>The events.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is below 1.</exception>
    public static ChangeEvents FromBytes(StoreId store, long sequence, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return new ChangeEvents(store, sequence, bytes.ToArray());
    }

    /// <summary>The events as bytes, to store.</summary>
    /// <returns>The bytes; the same array on every call, not to be changed.</returns>
    public ReadOnlyMemory<byte> ToBytes() => _bytes ??= StoreEventFormat.Write(_events!);

    /// <summary>The events as the feed delivers them, each with its id, at the position the repository saved the change at.</summary>
    /// <param name="position">The position of the change in the repository's feed.</param>
    /// <returns>The events, in the order they happened.</returns>
    /// <exception cref="FormatException">The bytes are not events this version of the library reads, or were changed in storage.</exception>
    public IReadOnlyList<FeedEvent> ToFeedEvents(FeedPosition position)
    {
        var events = _events ?? StoreEventFormat.Read(Store, _bytes!);
        var feed = new FeedEvent[events.Count];
        for (var i = 0; i < feed.Length; i++)
        {
            feed[i] = new FeedEvent(new StoreEventId(Store, Sequence, i), position, events[i]);
        }

        return Array.AsReadOnly(feed);
    }

    /// <inheritdoc />
    public override string ToString() => $"Events of store {Store} kept with entry {Sequence}";
}
