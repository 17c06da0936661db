using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>An app was connected and is active: it took a slot.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Provider">The app's provider.</param>
/// <param name="Category">The provider's category.</param>
/// <param name="SlotsInUse">Slots in use afterwards.</param>
/// <param name="Allowance">The allowance in force afterwards.</param>
public sealed record AppConnected(StoreId StoreId, Actor Actor, Instant At, ProviderKey Provider, ProviderCategory Category, int SlotsInUse, SlotAllowance Allowance)
    : StoreEvent(StoreId, Actor, At);
