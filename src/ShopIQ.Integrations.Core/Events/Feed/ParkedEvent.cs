using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>An event a subscription's handler failed on too often, set aside so the subscription could go on.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ParkedEvent
{
    /// <summary>The longest reason kept, in UTF-16 code units (a longer one is cut, never inside a surrogate pair).</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>Creates a parked event.</summary>
    /// <param name="subscription">The subscription's name.</param>
    /// <param name="feedEvent">The event.</param>
    /// <param name="attempts">How many times delivery was tried, 1 or more.</param>
    /// <param name="reason">Why the last attempt failed (the exception's type and message), cleaned and bounded like any text from outside.</param>
    /// <param name="parkedAt">When it was parked.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subscription"/> is not a lower-case slug of at most 64 characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempts"/> is below 1.</exception>
    public ParkedEvent(string subscription, FeedEvent feedEvent, int attempts, string reason, Instant parkedAt)
    {
        Subscription = Preconditions.CheckSlug(subscription, nameof(subscription), "Subscription name");
        ArgumentNullException.ThrowIfNull(feedEvent);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        Event = feedEvent;
        Attempts = attempts;
        Reason = Preconditions.CleanFreeText(reason, MaxReasonLength);
        ParkedAt = parkedAt;
    }

    /// <summary>The subscription's name.</summary>
    public string Subscription { get; }

    /// <summary>The event.</summary>
    public FeedEvent Event { get; }

    /// <summary>How many times delivery was tried.</summary>
    public int Attempts { get; }

    /// <summary>Why the last attempt failed.</summary>
    public string Reason { get; }

    /// <summary>When it was parked.</summary>
    public Instant ParkedAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Event.Id} parked by {Subscription} after {Attempts} attempts: {Reason}";
}
