namespace ShopIQ.Integrations.Core;

/// <summary>What happens to one workflow if an app goes (R9).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class WorkflowImpact
{
    internal WorkflowImpact(CommerceWorkflow workflow, bool live, IReadOnlyList<ProviderKey> coveredBy, AffectedParties affected, ImpactSeverity severity)
    {
        Workflow = workflow;
        Stops = live && coveredBy.Count == 0;
        CoveredBy = coveredBy;
        Affected = affected;
        Severity = severity;
    }

    /// <summary>The workflow.</summary>
    public CommerceWorkflow Workflow { get; }

    /// <summary>The other active apps that still support the workflow; empty when it stops.</summary>
    public IReadOnlyList<ProviderKey> CoveredBy { get; }

    /// <summary>Whether another active app still covers the workflow, for example a second payment gateway.</summary>
    public bool StillCovered => CoveredBy.Count > 0;

    /// <summary>
    /// Whether the workflow stops: the app is live (active or needing attention) and no other active app
    /// covers it. A pending app's workflows never started, so they do not stop.
    /// </summary>
    public bool Stops { get; }

    /// <summary>Who is affected if the workflow stops; <see cref="AffectedParties.None"/> when it is still covered.</summary>
    public AffectedParties Affected { get; }

    /// <summary>How bad it is for this workflow.</summary>
    public ImpactSeverity Severity { get; }

    /// <inheritdoc />
    public override string ToString() => StillCovered
        ? $"{Workflow}: still covered by {string.Join(", ", CoveredBy)}"
        : Stops ? $"{Workflow}: stops ({Severity}; affects {Affected})" : $"{Workflow}: not live yet, nothing stops";
}
