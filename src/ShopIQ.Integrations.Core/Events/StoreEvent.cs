using NodaTime;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>
/// Something that happened to a store's connected apps, for other ShopIQ services (notifications,
/// billing, audit) to react to without polling (R18). A <see cref="Store"/> collects them; the caller
/// takes them with <see cref="Store.TakeEvents"/> once the store is saved.
/// </summary>
/// <remarks>Immutable records with value equality. They never carry setup values, so printing them is safe.</remarks>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
public abstract record StoreEvent(StoreId StoreId, Actor Actor, Instant At);
