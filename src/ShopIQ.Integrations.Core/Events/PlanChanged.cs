using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>The store changed plan (R12).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="From">The plan before.</param>
/// <param name="To">The plan after.</param>
/// <param name="Allowance">The allowance granted by the new plan.</param>
/// <param name="SlotsInUse">Slots in use afterwards.</param>
public sealed record PlanChanged(StoreId StoreId, Actor Actor, Instant At, PlanId From, PlanId To, SlotAllowance Allowance, int SlotsInUse)
    : StoreEvent(StoreId, Actor, At);
