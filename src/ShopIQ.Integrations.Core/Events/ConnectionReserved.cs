using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>A setup began: a pending reservation took a slot until it completes, fails or expires (R6).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Provider">The app's provider.</param>
/// <param name="PendingUntil">When the reservation expires.</param>
/// <param name="SlotsInUse">Slots in use afterwards.</param>
/// <param name="Allowance">The allowance in force afterwards.</param>
public sealed record ConnectionReserved(StoreId StoreId, Actor Actor, Instant At, ProviderKey Provider, Instant PendingUntil, int SlotsInUse, SlotAllowance Allowance)
    : StoreEvent(StoreId, Actor, At);
