namespace ShopIQ.Integrations.Core;

/// <summary>Who is affected when a workflow stops (R9).</summary>
[Flags]
public enum AffectedParties
{
    /// <summary>Nobody.</summary>
    None = 0,

    /// <summary>The store's customers.</summary>
    Customers = 1,

    /// <summary>Orders: taking, fulfilling or refunding them.</summary>
    Orders = 2,

    /// <summary>Marketing and messaging campaigns.</summary>
    Campaigns = 4,

    /// <summary>Reporting and analytics.</summary>
    Reporting = 8,
}
