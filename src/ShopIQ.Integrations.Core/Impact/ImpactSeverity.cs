namespace ShopIQ.Integrations.Core;

/// <summary>How bad a disconnection would be (R9), from nothing stopping to customers being unable to pay.</summary>
public enum ImpactSeverity
{
    /// <summary>Nothing stops (for example the app is still pending, or every workflow stays covered).</summary>
    None,

    /// <summary>Minor: other operations, or a workflow that another app still covers.</summary>
    Low,

    /// <summary>Reporting or marketing data stops.</summary>
    Medium,

    /// <summary>Customers or orders are affected: shipping, messaging, marketplace orders.</summary>
    High,

    /// <summary>Customers cannot pay online.</summary>
    Critical,
}
