using NodaTime;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>An app got new credentials in place: same connection, same slot (R4, R17).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Provider">The app's provider.</param>
public sealed record AppReconnected(StoreId StoreId, Actor Actor, Instant At, ProviderKey Provider)
    : StoreEvent(StoreId, Actor, At);
