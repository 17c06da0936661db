using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// A connect whose idempotency record never became final: its instance died, or could not save the provider's answer,
/// between reserving a slot and settling it. The sweep abandons it once its reservation's deadline is well past (R6).
/// </summary>
/// <remarks>Immutable, value equality.</remarks>
/// <param name="Store">The store.</param>
/// <param name="Key">The connect's idempotency key.</param>
/// <param name="RecordedAt">When the unfinished record was written (when the slot was reserved).</param>
public sealed record UnfinishedConnect(StoreId Store, IdempotencyKey Key, Instant RecordedAt);
