namespace ShopIQ.Integrations.Core;

/// <summary>A store workflow a connected app supports, as named by the help article.</summary>
public enum CommerceWorkflow
{
    /// <summary>Taking payments online.</summary>
    PaymentProcessing,

    /// <summary>Creating shipments and tracking them.</summary>
    ShipmentCreationAndTracking,

    /// <summary>WhatsApp campaigns and customer messages.</summary>
    WhatsAppCampaignsAndMessages,

    /// <summary>Tracking website traffic and customer behaviour.</summary>
    TrafficAndBehaviourTracking,

    /// <summary>Marketing and advertising performance data.</summary>
    MarketingAndPerformanceData,

    /// <summary>Marketplace-related commerce data (listings, marketplace orders).</summary>
    MarketplaceCommerceData,

    /// <summary>Any other commerce operation.</summary>
    OtherCommerceOperations,
}
