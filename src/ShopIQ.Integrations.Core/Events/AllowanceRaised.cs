using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>A catalog edit raised the allowance of the store's plan, and the store was granted it (R13).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Plan">The store's plan.</param>
/// <param name="From">The allowance before.</param>
/// <param name="To">The allowance after.</param>
public sealed record AllowanceRaised(StoreId StoreId, Actor Actor, Instant At, PlanId Plan, SlotAllowance From, SlotAllowance To)
    : StoreEvent(StoreId, Actor, At);
