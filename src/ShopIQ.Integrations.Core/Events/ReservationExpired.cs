using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>A pending setup passed its deadline: its slot is free (R6).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Provider">The app's provider.</param>
/// <param name="Deadline">The deadline it passed.</param>
/// <param name="SlotsInUse">Slots in use afterwards.</param>
/// <param name="Allowance">The allowance in force afterwards.</param>
public sealed record ReservationExpired(StoreId StoreId, Actor Actor, Instant At, ProviderKey Provider, Instant Deadline, int SlotsInUse, SlotAllowance Allowance)
    : StoreEvent(StoreId, Actor, At);
