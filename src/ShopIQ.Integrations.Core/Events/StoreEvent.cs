using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// Something that happened to a store's connected apps, for other ShopIQ services (notifications,
/// billing, audit) to react to without polling (R18). A <see cref="Store"/> collects them; the caller
/// takes them with <see cref="Store.TakeEvents"/> once the store is saved.
/// </summary>
/// <remarks>
/// <para>
/// Every event is a sealed, immutable class whose constructor checks its arguments, so an event that exists is a valid
/// one. The events about one connection carry its <see cref="ConnectionId"/>, so a consumer can tell a reservation
/// that expired from a later one of the same provider.
/// </para>
/// <para>
/// Equality is by reference: an event is one occurrence, and two occurrences with the same properties are still two.
/// Compare the properties (or <see cref="ToString"/>, which lists them all) to compare what two events say. Events never
/// carry setup values, so printing them is safe. Thread-safe. Only this library derives from this class.
/// </para>
/// </remarks>
public abstract class StoreEvent
{
    private protected StoreEvent(StoreId storeId, Actor actor, Instant at)
    {
        ArgumentNullException.ThrowIfNull(storeId);
        ArgumentNullException.ThrowIfNull(actor);
        StoreId = storeId;
        Actor = actor;
        At = at;
    }

    /// <summary>The store.</summary>
    public StoreId StoreId { get; }

    /// <summary>Who acted.</summary>
    public Actor Actor { get; }

    /// <summary>When, from the injected clock.</summary>
    public Instant At { get; }

    /// <summary>The event's name and every property, for logs: for example <c>AppReconnected { StoreId = store-1, Actor = ..., At = ..., Provider = razorpay, ConnectionId = ... }</c>.</summary>
    /// <returns>The text.</returns>
    public sealed override string ToString() => $"{GetType().Name} {{ StoreId = {StoreId}, Actor = {Actor}, At = {At}, {DescribeMembers()} }}";

    /// <summary>The properties of the derived event, as <c>Name = value</c> pairs separated by commas.</summary>
    private protected abstract string DescribeMembers();
}
