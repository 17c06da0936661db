using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>The slots in use reached the nearly-full threshold (R18).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="SlotsInUse">Slots in use afterwards.</param>
/// <param name="Allowance">The allowance in force afterwards.</param>
/// <param name="Threshold">The threshold crossed, a fraction of the allowance.</param>
public sealed record SlotsNearlyFull(StoreId StoreId, Actor Actor, Instant At, int SlotsInUse, SlotAllowance Allowance, double Threshold)
    : StoreEvent(StoreId, Actor, At);
