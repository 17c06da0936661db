namespace ShopIQ.Integrations.Core;

/// <summary>Who is affected, and how badly, when a workflow stops with nothing else covering it (R9).</summary>
internal static class WorkflowImpactRules
{
    internal static (AffectedParties Affected, ImpactSeverity Severity) WhenStopped(CommerceWorkflow workflow) => workflow switch
    {
        CommerceWorkflow.PaymentProcessing => (AffectedParties.Customers | AffectedParties.Orders, ImpactSeverity.Critical),
        CommerceWorkflow.ShipmentCreationAndTracking => (AffectedParties.Customers | AffectedParties.Orders, ImpactSeverity.High),
        CommerceWorkflow.WhatsAppCampaignsAndMessages => (AffectedParties.Customers | AffectedParties.Campaigns, ImpactSeverity.High),
        CommerceWorkflow.MarketplaceCommerceData => (AffectedParties.Orders | AffectedParties.Reporting, ImpactSeverity.High),
        CommerceWorkflow.TrafficAndBehaviourTracking => (AffectedParties.Reporting, ImpactSeverity.Medium),
        CommerceWorkflow.MarketingAndPerformanceData => (AffectedParties.Campaigns | AffectedParties.Reporting, ImpactSeverity.Medium),
        _ => (AffectedParties.Orders, ImpactSeverity.Low),
    };
}
