using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Impact;

/// <summary>
/// A caller's confirmation that the merchant saw an <see cref="ImpactAssessment"/> (R8). It is valid only
/// while the store's apps are as they were when the assessment was made (<see cref="AppsVersion"/>), and
/// only if nothing stops beyond the <see cref="WorkflowsThatStop"/> the merchant saw: when several apps go
/// together (a downgrade naming both payment gateways), each app's assessment counts the others as gone,
/// and an acknowledgement of an assessment that counted them as cover is stale.
/// </summary>
/// <remarks>Immutable and thread-safe. Get one from <see cref="ImpactAssessment.Acknowledge"/>, or rebuild one carried across a request boundary.</remarks>
public sealed class ImpactAcknowledgement
{
    /// <summary>Creates an acknowledgement.</summary>
    /// <param name="storeId">The store assessed.</param>
    /// <param name="provider">The app assessed.</param>
    /// <param name="appsVersion">The store's <see cref="Store.AppsVersion"/> when it was assessed; one or more.</param>
    /// <param name="workflowsThatStop">The workflows the assessment said would stop; may be empty.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="appsVersion"/> is below one, or a workflow is not defined.</exception>
    public ImpactAcknowledgement(StoreId storeId, ProviderKey provider, long appsVersion, IEnumerable<CommerceWorkflow> workflowsThatStop)
    {
        ArgumentNullException.ThrowIfNull(storeId);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfLessThan(appsVersion, 1);
        ArgumentNullException.ThrowIfNull(workflowsThatStop);
        var workflows = workflowsThatStop.Distinct().ToArray();
        foreach (var workflow in workflows)
        {
            Preconditions.CheckDefined(workflow, nameof(workflowsThatStop));
        }

        StoreId = storeId;
        Provider = provider;
        AppsVersion = appsVersion;
        WorkflowsThatStop = Array.AsReadOnly(workflows);
    }

    /// <summary>The store assessed.</summary>
    public StoreId StoreId { get; }

    /// <summary>The app assessed.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The store's apps version the assessment was made on.</summary>
    public long AppsVersion { get; }

    /// <summary>The workflows the merchant was told would stop.</summary>
    public IReadOnlyList<CommerceWorkflow> WorkflowsThatStop { get; }

    /// <summary>Whether this acknowledgement covers <paramref name="assessment"/>: same app, same apps version, nothing more stops.</summary>
    /// <param name="assessment">The assessment as it stands now.</param>
    /// <returns><see langword="true"/> when the acknowledgement is still good.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="assessment"/> is null.</exception>
    public bool Covers(ImpactAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return assessment.StoreId == StoreId
            && assessment.App.Key == Provider
            && assessment.AppsVersion == AppsVersion
            && assessment.WorkflowsThatStop.All(WorkflowsThatStop.Contains);
    }

    /// <inheritdoc />
    public override string ToString() => $"acknowledged impact of {Provider} on store {StoreId} at apps version {AppsVersion}";
}
