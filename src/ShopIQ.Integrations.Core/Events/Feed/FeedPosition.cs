using System.Globalization;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// A place in the event feed: the events of saved changes are read after a position, in position order, and a
/// subscription keeps the position of the last change it delivered as its checkpoint.
/// </summary>
/// <remarks>
/// <para>
/// A position is the pair of the change's commit number and the sequence number of the change's last ledger entry, ordered
/// by commit first. The commit number is the repository's: in PostgreSQL the id of the transaction that saved the change
/// (a 64-bit transaction id, which never wraps), in memory a counter. Within one store, a later change always has a later
/// position, so the feed delivers a store's events in the order they happened. Positions of different repositories are not
/// comparable; keep a checkpoint with the repository it came from.
/// </para>
/// <para>Immutable value, ordered; <see cref="Start"/> comes before every change.</para>
/// </remarks>
public readonly struct FeedPosition : IEquatable<FeedPosition>, IComparable<FeedPosition>
{
    /// <summary>Creates a position.</summary>
    /// <param name="commit">The commit number, 0 or more.</param>
    /// <param name="sequence">The ledger sequence of the change's last entry, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="commit"/> or <paramref name="sequence"/> is negative.</exception>
    public FeedPosition(long commit, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(commit);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        Commit = commit;
        Sequence = sequence;
    }

    /// <summary>The position before every change: read after it to read the feed from its beginning.</summary>
    public static FeedPosition Start => default;

    /// <summary>The commit number: the saving transaction's id in PostgreSQL, a counter in memory.</summary>
    public long Commit { get; }

    /// <summary>The ledger sequence of the change's last entry.</summary>
    public long Sequence { get; }

    /// <summary>Whether one position equals another.</summary>
    /// <param name="left">One position.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(FeedPosition left, FeedPosition right) => left.Equals(right);

    /// <summary>Whether one position differs from another.</summary>
    /// <param name="left">One position.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(FeedPosition left, FeedPosition right) => !left.Equals(right);

    /// <summary>Whether one position comes before another.</summary>
    /// <param name="left">One position.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> comes first.</returns>
    public static bool operator <(FeedPosition left, FeedPosition right) => left.CompareTo(right) < 0;

    /// <summary>Whether one position comes after another.</summary>
    /// <param name="left">One position.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> comes later.</returns>
    public static bool operator >(FeedPosition left, FeedPosition right) => left.CompareTo(right) > 0;

    /// <summary>Whether one position comes before another or is the same.</summary>
    /// <param name="left">One position.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> is not later.</returns>
    public static bool operator <=(FeedPosition left, FeedPosition right) => left.CompareTo(right) <= 0;

    /// <summary>Whether one position comes after another or is the same.</summary>
    /// <param name="left">One position.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> is not earlier.</returns>
    public static bool operator >=(FeedPosition left, FeedPosition right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public int CompareTo(FeedPosition other) => Commit != other.Commit ? Commit.CompareTo(other.Commit) : Sequence.CompareTo(other.Sequence);

    /// <inheritdoc />
    public bool Equals(FeedPosition other) => Commit == other.Commit && Sequence == other.Sequence;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FeedPosition other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Commit, Sequence);

    /// <summary>The position as <c>commit:sequence</c>, for example <c>7512:3</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Commit}:{Sequence}");
}
