namespace ShopIQ.Integrations.Core;

/// <summary>
/// The details an outcome carries beyond its status, typed by what happened: match on the subclass
/// (<c>result.Details is LimitGuidance guidance</c>) instead of reading fields that only some statuses fill.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Which status carries which subclass is fixed (docs/results.md lists them): <see cref="LimitGuidance"/>
/// for <see cref="OutcomeStatus.LimitReached"/>, <see cref="SetupInvalidDetails"/>, <see cref="ImpactDetails"/>,
/// <see cref="ReplacementDetails"/>, <see cref="PlanDetails"/>, <see cref="DowngradeDetails"/>, <see cref="AvailabilityDetails"/>,
/// <see cref="NativeFeatureDetails"/> and <see cref="SupportDetails"/> for the others that have any. Only this library makes them.
/// </remarks>
public abstract class OutcomeDetails
{
    private protected OutcomeDetails()
    {
    }
}
