using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>One app replaced another in the same slot (R10).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Replaced">The provider that went.</param>
/// <param name="Replacement">The provider that came, active.</param>
/// <param name="SlotsInUse">Slots in use afterwards.</param>
/// <param name="Allowance">The allowance in force afterwards.</param>
public sealed record AppReplaced(StoreId StoreId, Actor Actor, Instant At, ProviderKey Replaced, ProviderKey Replacement, int SlotsInUse, SlotAllowance Allowance)
    : StoreEvent(StoreId, Actor, At);
