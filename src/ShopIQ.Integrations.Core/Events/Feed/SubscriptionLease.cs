using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>A subscription's lease, held by one dispatching instance at a time, and the checkpoint it delivers from.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SubscriptionLease
{
    /// <summary>Creates a lease.</summary>
    /// <param name="subscription">The subscription's name.</param>
    /// <param name="holder">The instance that holds it.</param>
    /// <param name="checkpoint">The position of the last change the subscription delivered.</param>
    /// <param name="expiresAt">When the lease ends unless renewed, by the repository's clock.</param>
    /// <exception cref="ArgumentException"><paramref name="subscription"/> is not a lower-case slug of at most 64 characters, or <paramref name="holder"/> is not a valid id (1 to 64 characters of well-formed text without control or format characters).</exception>
    public SubscriptionLease(string subscription, string holder, FeedPosition checkpoint, Instant expiresAt)
    {
        Subscription = Preconditions.CheckSlug(subscription, nameof(subscription), "Subscription name");
        Holder = Preconditions.CheckText(holder, nameof(holder), "Lease holder", Preconditions.MaxIdentifierLength);
        Checkpoint = checkpoint;
        ExpiresAt = expiresAt;
    }

    /// <summary>The subscription's name.</summary>
    public string Subscription { get; }

    /// <summary>The instance that holds the lease.</summary>
    public string Holder { get; }

    /// <summary>The position of the last change the subscription delivered.</summary>
    public FeedPosition Checkpoint { get; }

    /// <summary>When the lease ends unless renewed, by the repository's clock.</summary>
    public Instant ExpiresAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"Subscription {Subscription} leased to {Holder} until {ExpiresAt}, at {Checkpoint}";
}
