using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>What every <see cref="IStoreEventLog"/> here does alike: checking arguments, and making a page of whole changes.</summary>
internal static class FeedPages
{
    /// <summary>
    /// A page of the changes read, in feed order: whole changes while they fit in <paramref name="maxEvents"/>, and the
    /// first change even when it alone does not.
    /// </summary>
    public static FeedPage Of(IReadOnlyList<(FeedPosition Position, ChangeEvents Events)> changes, FeedPosition after, int maxEvents)
    {
        var events = new List<FeedEvent>();
        var next = after;
        foreach (var (position, change) in changes)
        {
            var feed = change.ToFeedEvents(position);
            if (events.Count > 0 && events.Count + feed.Count > maxEvents)
            {
                break;
            }

            events.AddRange(feed);
            next = position;
        }

        return new FeedPage(events, next);
    }

    public static void CheckName(string subscription) => Preconditions.CheckSlug(subscription, nameof(subscription), "Subscription name");

    public static void CheckNames(string subscription, string holder)
    {
        CheckName(subscription);
        Preconditions.CheckText(holder, nameof(holder), "Lease holder", Preconditions.MaxIdentifierLength);
    }

    public static void CheckLease(string subscription, string holder, Duration leaseTime)
    {
        CheckNames(subscription, holder);
        if (leaseTime <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseTime), leaseTime, "A lease must last more than zero.");
        }
    }
}
