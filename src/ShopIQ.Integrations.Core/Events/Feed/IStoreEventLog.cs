using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The durable side of store events: the feed of every saved change's events, read from where the repository keeps them
/// with the ledger, and the state of named subscriptions (checkpoint, lease, parked events). Implemented by the
/// repositories that keep events (<see cref="InMemoryStoreRepository"/>, and the PostgreSQL one).
/// </summary>
/// <remarks>
/// <para>
/// The feed never moves past a change that may still become visible: a read returns only changes whose every earlier
/// position is final, so a reader that keeps reading after the last position it saw never skips one, however commits
/// interleave. Changes saved before the repository kept events (earlier schema versions) have no events in the feed.
/// </para>
/// <para>
/// A subscription is dispatched by one holder at a time: the holder of an unexpired lease. Checkpoints and parked events
/// are written only by the holder, so an instance that lost its lease (paused past its expiry, say) cannot move a
/// checkpoint its successor has moved. Implementations are thread-safe.
/// </para>
/// </remarks>
public interface IStoreEventLog
{
    /// <summary>Reads the events of the changes saved after a position, in feed order, whole changes only.</summary>
    /// <param name="after">The position to read after; <see cref="FeedPosition.Start"/> for the beginning.</param>
    /// <param name="maxEvents">The most events to return, 1 or more; a change with more events than that is returned whole, alone.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEvents"/> is below 1.</exception>
    /// <exception cref="FormatException">A change's stored events cannot be read (changed in storage, or of a format this library does not know).</exception>
    Task<FeedPage> ReadFeedAsync(FeedPosition after, int maxEvents, CancellationToken cancellationToken);

    /// <summary>The position of the last change a read would return now (<see cref="FeedPosition.Start"/> when none): what a subscription's lag is measured to.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The position.</returns>
    Task<FeedPosition> ReadFeedHeadAsync(CancellationToken cancellationToken);

    /// <summary>Takes or renews a subscription's lease, creating the subscription at <see cref="FeedPosition.Start"/> the first time.</summary>
    /// <param name="subscription">The subscription's name.</param>
    /// <param name="holder">The instance asking.</param>
    /// <param name="leaseTime">How long the lease lasts unless renewed, more than zero.</param>
    /// <param name="now">The caller's clock; a repository shared by processes may use its own instead (the PostgreSQL one uses the server's), so that instances' clocks need not agree.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The lease, or null while another holder's lease has not expired.</returns>
    /// <exception cref="ArgumentException"><paramref name="subscription"/> or <paramref name="holder"/> is not a valid name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseTime"/> is not more than zero.</exception>
    Task<SubscriptionLease?> TryLeaseSubscriptionAsync(string subscription, string holder, Duration leaseTime, Instant now, CancellationToken cancellationToken);

    /// <summary>Moves a subscription's checkpoint forward and renews the lease, if <paramref name="holder"/> still holds it.</summary>
    /// <param name="subscription">The subscription's name.</param>
    /// <param name="holder">The instance that holds the lease.</param>
    /// <param name="checkpoint">The position of the last change delivered; a position before the stored checkpoint leaves it where it is.</param>
    /// <param name="leaseTime">How long the renewed lease lasts, more than zero.</param>
    /// <param name="now">The caller's clock (see <see cref="TryLeaseSubscriptionAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was written; false when the lease has expired or moved to another holder (nothing is written).</returns>
    /// <exception cref="ArgumentException"><paramref name="subscription"/> or <paramref name="holder"/> is not a valid name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseTime"/> is not more than zero.</exception>
    Task<bool> CheckpointSubscriptionAsync(string subscription, string holder, FeedPosition checkpoint, Duration leaseTime, Instant now, CancellationToken cancellationToken);

    /// <summary>Gives a lease up, so another instance can take the subscription at once.</summary>
    /// <param name="subscription">The subscription's name.</param>
    /// <param name="holder">The instance that holds the lease; a lease held by another is left alone.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the lease is given up.</returns>
    Task ReleaseSubscriptionAsync(string subscription, string holder, CancellationToken cancellationToken);

    /// <summary>Sets an event aside for a subscription, if <paramref name="holder"/> still holds its lease.</summary>
    /// <param name="parked">The event, its attempts and the reason.</param>
    /// <param name="holder">The instance that holds the lease.</param>
    /// <param name="now">The caller's clock (see <see cref="TryLeaseSubscriptionAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was parked; false when the lease was lost. Parking the same event again keeps one, with the later attempts and reason.</returns>
    Task<bool> ParkEventAsync(ParkedEvent parked, string holder, Instant now, CancellationToken cancellationToken);

    /// <summary>Reads a subscription's parked events, oldest position first.</summary>
    /// <param name="subscription">The subscription's name.</param>
    /// <param name="limit">The most to return, 1 or more.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parked events.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 1.</exception>
    Task<IReadOnlyList<ParkedEvent>> ReadParkedEventsAsync(string subscription, int limit, CancellationToken cancellationToken);

    /// <summary>Removes a parked event, once it has been delivered after all.</summary>
    /// <param name="subscription">The subscription's name.</param>
    /// <param name="id">The event's id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was there.</returns>
    Task<bool> RemoveParkedEventAsync(string subscription, StoreEventId id, CancellationToken cancellationToken);
}
