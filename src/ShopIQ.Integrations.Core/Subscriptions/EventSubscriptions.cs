using Microsoft.Extensions.DependencyInjection;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The event feed and the named subscriptions added to DI (<c>AddEventSubscription&lt;THandler&gt;(name)</c>): read the feed,
/// list a subscription's parked events, and deliver a parked event again once its handler is fixed.
/// </summary>
/// <remarks>
/// Registered as a singleton by <c>AddEventSubscription</c>. Needs a store repository that keeps events
/// (<see cref="IStoreEventLog"/>): the in-memory default and the PostgreSQL repository do. Thread-safe.
/// </remarks>
public sealed class EventSubscriptions
{
    private readonly IStoreRepository _repository;
    private readonly Dictionary<string, EventSubscriptionRegistration> _registrations;
    private readonly IServiceScopeFactory _scopes;

    internal EventSubscriptions(IStoreRepository repository, IEnumerable<EventSubscriptionRegistration> registrations, IServiceScopeFactory scopes)
    {
        _repository = repository;
        _registrations = registrations.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _scopes = scopes;
        Names = Array.AsReadOnly(_registrations.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>The names of the subscriptions added, in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Reads the events of the changes saved after a position (see <see cref="IStoreEventLog.ReadFeedAsync"/>).</summary>
    /// <param name="after">The position to read after; <see cref="FeedPosition.Start"/> for the beginning. It must not be past the feed's head.</param>
    /// <param name="maxEvents">The most events to return, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxEvents"/> is out of range, or <paramref name="after"/> is past the feed's head (a position this repository never gave).</exception>
    /// <exception cref="InvalidOperationException">The store repository keeps no events.</exception>
    public async Task<FeedPage> ReadFeedAsync(FeedPosition after, int maxEvents, CancellationToken cancellationToken)
    {
        if (maxEvents is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxEvents), maxEvents, "A feed read returns 1 to 10,000 events.");
        }

        var log = Log();
        var page = await log.ReadFeedAsync(after, maxEvents, cancellationToken).ConfigureAwait(false);
        if (page.Events.Count == 0 && after != FeedPosition.Start)
        {
            var head = await log.ReadFeedHeadAsync(cancellationToken).ConfigureAwait(false);
            if (after > head)
            {
                throw new ArgumentOutOfRangeException(nameof(after), after, $"The position {after} is past the feed's head ({head}); positions come from this repository's feed.");
            }
        }

        return page;
    }

    /// <summary>Reads a subscription's parked events, oldest first.</summary>
    /// <param name="subscription">The subscription's name.</param>
    /// <param name="limit">The most to return, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parked events.</returns>
    /// <exception cref="ArgumentException">No subscription of that name was added.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The store repository keeps no events.</exception>
    public Task<IReadOnlyList<ParkedEvent>> ReadParkedAsync(string subscription, int limit, CancellationToken cancellationToken)
    {
        Registration(subscription);
        if (limit is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A read of parked events returns 1 to 10,000 of them.");
        }

        return Log().ReadParkedEventsAsync(subscription, limit, cancellationToken);
    }

    /// <summary>
    /// Delivers a parked event to its subscription's handler again, now, and removes it from the parked events once the
    /// handler takes it. A handler that fails again throws here, and the event stays parked.
    /// </summary>
    /// <param name="parked">The parked event, as <see cref="ReadParkedAsync"/> gave it.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>True when it was delivered and removed; false when it was no longer parked (retried already), in which case it is not delivered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parked"/> is null.</exception>
    /// <exception cref="ArgumentException">No subscription of that name was added.</exception>
    /// <exception cref="InvalidOperationException">The store repository keeps no events.</exception>
    public async Task<bool> RetryParkedAsync(ParkedEvent parked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parked);
        var registration = Registration(parked.Subscription);
        var log = Log();
        var still = await log.ReadParkedEventsAsync(parked.Subscription, 10_000, cancellationToken).ConfigureAwait(false);
        if (!still.Any(p => p.Event.Id == parked.Event.Id))
        {
            return false;
        }

        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = (IStoreEventHandler)scope.ServiceProvider.GetRequiredService(registration.HandlerType);
            await handler.HandleAsync(parked.Event, cancellationToken).ConfigureAwait(false);
        }

        return await log.RemoveParkedEventAsync(parked.Subscription, parked.Event.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The repository as an event log, or a clear error when it keeps no events.</summary>
    internal IStoreEventLog Log() => _repository as IStoreEventLog
        ?? throw new InvalidOperationException($"The store repository {_repository.GetType().Name} keeps no events (it does not implement {nameof(IStoreEventLog)}), so there is no event feed and no subscription can run; use the in-memory or the PostgreSQL repository, or implement {nameof(IStoreEventLog)}.");

    internal EventSubscriptionRegistration Registration(string subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return _registrations.TryGetValue(subscription, out var registration)
            ? registration
            : throw new ArgumentException(
                $"No event subscription named {Preconditions.Describe(subscription)} was added; added: {(Names.Count == 0 ? "none" : string.Join(", ", Names))}.",
                nameof(subscription));
    }
}
