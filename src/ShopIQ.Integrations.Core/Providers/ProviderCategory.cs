namespace ShopIQ.Integrations.Core;

/// <summary>The kind of service a provider offers, as the help article groups them.</summary>
public enum ProviderCategory
{
    /// <summary>Payment gateways such as Razorpay.</summary>
    Payments,

    /// <summary>Shipping and logistics partners such as Shiprocket.</summary>
    Logistics,

    /// <summary>WhatsApp messaging providers such as WATI.</summary>
    WhatsAppMessaging,

    /// <summary>Analytics such as Google Analytics.</summary>
    Analytics,

    /// <summary>Advertising and marketing such as Meta Pixel.</summary>
    Advertising,

    /// <summary>Marketplaces.</summary>
    Marketplace,

    /// <summary>Any other commerce operation.</summary>
    Other,
}
