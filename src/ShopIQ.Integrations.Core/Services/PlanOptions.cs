namespace ShopIQ.Integrations.Core;

/// <summary>One plan of the catalog, as configuration binds it (for example <c>ShopIQ:Integrations:Plans:0</c>).</summary>
/// <remarks>Mutable, for the configuration binder; validated at start-up and turned into a <see cref="Plan"/>.</remarks>
public sealed class PlanOptions
{
    /// <summary>The plan id, a lower-case slug such as <c>growth</c>. Required.</summary>
    public string? Id { get; set; }

    /// <summary>The plan's display name. Required.</summary>
    public string? Name { get; set; }

    /// <summary>The plan's tier: higher tiers are upgrades. Zero or more, unique in the catalog.</summary>
    public int Tier { get; set; }

    /// <summary>How many connected apps the plan allows: zero or more. Leave unset only when <see cref="Unlimited"/> is true.</summary>
    public int? ConnectedApps { get; set; }

    /// <summary>Whether the plan allows any number of connected apps; then <see cref="ConnectedApps"/> must be unset.</summary>
    public bool Unlimited { get; set; }

    /// <summary>The AI credits a store starts with on this plan: zero or more.</summary>
    public int AiCredits { get; set; }
}
