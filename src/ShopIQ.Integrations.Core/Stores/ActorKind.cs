namespace ShopIQ.Integrations.Core;

/// <summary>Who acted on a store.</summary>
public enum ActorKind
{
    /// <summary>The merchant or one of their team.</summary>
    Merchant,

    /// <summary>ShopIQ Support or an Implementation Partner.</summary>
    Support,

    /// <summary>A provider, for example reporting revoked credentials.</summary>
    Provider,

    /// <summary>ShopIQ itself: scheduled sweeps, lazy expiry, catalog edits.</summary>
    System,
}
