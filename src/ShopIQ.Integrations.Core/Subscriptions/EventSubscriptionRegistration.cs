namespace ShopIQ.Integrations.Core;

/// <summary>A subscription added to DI: its name and its handler type (registered scoped beside it).</summary>
internal sealed record EventSubscriptionRegistration(string Name, Type HandlerType);
