namespace ShopIQ.Integrations.Core;

/// <summary>The kinds of live facts a provider can add to an impact assessment (R19).</summary>
public enum LiveFactKind
{
    /// <summary>Orders waiting for a payment through this provider.</summary>
    OrdersAwaitingPayment,

    /// <summary>Orders waiting for a refund through this provider.</summary>
    OrdersAwaitingRefund,

    /// <summary>Shipments created with this provider and still in transit.</summary>
    ShipmentsInTransit,

    /// <summary>Campaigns or messages scheduled to go out through this provider.</summary>
    ScheduledCampaigns,

    /// <summary>Marketplace orders or listings still open on this provider.</summary>
    OpenMarketplaceOrders,
}
