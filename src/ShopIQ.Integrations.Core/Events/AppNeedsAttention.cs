using NodaTime;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>An app needs attention; it keeps its slot (R17).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Provider">The app's provider.</param>
/// <param name="Reason">Why.</param>
public sealed record AppNeedsAttention(StoreId StoreId, Actor Actor, Instant At, ProviderKey Provider, AttentionReason Reason)
    : StoreEvent(StoreId, Actor, At);
