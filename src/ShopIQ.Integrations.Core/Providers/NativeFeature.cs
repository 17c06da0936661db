namespace ShopIQ.Integrations.Core;

/// <summary>A built-in ShopIQ capability. Native features are never connected apps and never use a slot (R2).</summary>
public enum NativeFeature
{
    /// <summary>The store dashboard.</summary>
    Dashboard,

    /// <summary>The product catalog.</summary>
    ProductCatalog,

    /// <summary>Order management.</summary>
    OrderManagement,

    /// <summary>AI Chat.</summary>
    AiChat,

    /// <summary>The AI Website Builder.</summary>
    AiWebsiteBuilder,

    /// <summary>The content management system.</summary>
    Cms,

    /// <summary>Blogs.</summary>
    Blogs,

    /// <summary>Coupons.</summary>
    Coupons,

    /// <summary>Policy pages.</summary>
    PolicyPages,

    /// <summary>ShopIQ Cloud hosting.</summary>
    ShopIqCloudHosting,

    /// <summary>Team management.</summary>
    TeamManagement,

    /// <summary>Permissions.</summary>
    Permissions,

    /// <summary>Manual editing tools.</summary>
    ManualEditingTools,
}
