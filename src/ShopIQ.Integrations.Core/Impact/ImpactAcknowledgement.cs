namespace ShopIQ.Integrations.Core;

/// <summary>
/// A caller's confirmation that the merchant saw an <see cref="ImpactAssessment"/> (R8). It is valid only
/// while the store's apps are as they were when the assessment was made (<see cref="AppsVersion"/>), and
/// only if nothing stops beyond the <see cref="WorkflowsThatStop"/> the merchant saw: when several apps go
/// together (a downgrade naming both payment gateways), each app's assessment counts the others as gone,
/// and an acknowledgement of an assessment that counted them as cover is stale.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. It cannot be made up: in-process callers get one from
/// <see cref="ImpactAssessment.Acknowledge"/>; across a request boundary it travels as a token
/// (<see cref="AcknowledgementTokens"/>) that only the key holder can issue.
/// </remarks>
public sealed class ImpactAcknowledgement
{
    /// <summary>Creates an acknowledgement of an assessment of one app going alone.</summary>
    internal ImpactAcknowledgement(StoreId storeId, ProviderKey provider, long appsVersion, IEnumerable<CommerceWorkflow> workflowsThatStop)
        : this(storeId, provider, appsVersion, workflowsThatStop, [])
    {
    }

    // Internal so that only an assessment or a token whose MAC checked out can make one: a caller that could
    // construct it could skip the warning the merchant must see (R8).
    internal ImpactAcknowledgement(StoreId storeId, ProviderKey provider, long appsVersion, IEnumerable<CommerceWorkflow> workflowsThatStop, IEnumerable<ProviderKey> alongWith)
    {
        ArgumentNullException.ThrowIfNull(storeId);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfLessThan(appsVersion, 1);
        ArgumentNullException.ThrowIfNull(workflowsThatStop);
        ArgumentNullException.ThrowIfNull(alongWith);
        var workflows = workflowsThatStop.Distinct().ToArray();
        foreach (var workflow in workflows)
        {
            Preconditions.CheckDefined(workflow, nameof(workflowsThatStop));
        }

        var others = alongWith.Distinct().ToArray();
        if (Array.Exists(others, k => k is null))
        {
            throw new ArgumentNullException(nameof(alongWith), "An app going along is null.");
        }

        StoreId = storeId;
        Provider = provider;
        AppsVersion = appsVersion;
        WorkflowsThatStop = Array.AsReadOnly(workflows);
        AlongWith = Array.AsReadOnly(others);
    }

    /// <summary>The store assessed.</summary>
    public StoreId StoreId { get; }

    /// <summary>The app assessed.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The store's apps version the assessment was made on.</summary>
    public long AppsVersion { get; }

    /// <summary>The workflows the merchant was told would stop.</summary>
    public IReadOnlyList<CommerceWorkflow> WorkflowsThatStop { get; }

    /// <summary>
    /// The other apps the assessment counted as gone (<see cref="ImpactAssessment.AlongWith"/>); empty for a single
    /// disconnect. It records what the merchant was shown; <see cref="WorkflowsThatStop"/> alone decides coverage.
    /// </summary>
    public IReadOnlyList<ProviderKey> AlongWith { get; }

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
    public override string ToString() =>
        $"acknowledged impact of {Provider}{(AlongWith.Count > 0 ? $" along with {string.Join(", ", AlongWith)}" : "")} on store {StoreId} at apps version {AppsVersion}";
}
