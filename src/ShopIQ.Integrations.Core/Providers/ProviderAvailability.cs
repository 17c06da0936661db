namespace ShopIQ.Integrations.Core;

/// <summary>Whether a provider can be connected now (R16).</summary>
public enum ProviderAvailability
{
    /// <summary>The provider can be connected.</summary>
    Available,

    /// <summary>ShopIQ does not offer this provider (yet, or any more for new connections).</summary>
    NotOffered,

    /// <summary>The provider is retired: existing connections keep working, new ones are refused.</summary>
    Retired,

    /// <summary>The provider is not offered in the store's region.</summary>
    NotInRegion,
}
