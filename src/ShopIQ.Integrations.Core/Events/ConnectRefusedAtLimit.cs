using NodaTime;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Events;

/// <summary>A connect was refused because every slot is in use (R11).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="At">When, from the injected clock.</param>
/// <param name="Provider">The provider the merchant tried to connect.</param>
/// <param name="SlotsInUse">Slots in use afterwards.</param>
/// <param name="Allowance">The allowance in force afterwards.</param>
public sealed record ConnectRefusedAtLimit(StoreId StoreId, Actor Actor, Instant At, ProviderKey Provider, int SlotsInUse, SlotAllowance Allowance)
    : StoreEvent(StoreId, Actor, At);
