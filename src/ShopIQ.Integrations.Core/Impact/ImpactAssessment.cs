using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>What stops working, for whom and how badly if an app is disconnected or replaced (R8, R9).</summary>
/// <remarks>Immutable snapshot, thread-safe. Made by <c>Store.TryAssessImpact</c>.</remarks>
public sealed class ImpactAssessment
{
    internal ImpactAssessment(StoreId storeId, ConnectedApp app, IReadOnlyList<ProviderKey> alongWith, long appsVersion, Instant assessedAt, bool requiresAcknowledgement, IReadOnlyList<WorkflowImpact> workflows)
    {
        StoreId = storeId;
        AlongWith = alongWith;
        App = app;
        AppsVersion = appsVersion;
        AssessedAt = assessedAt;
        RequiresAcknowledgement = requiresAcknowledgement;
        Workflows = workflows;
        var affected = AffectedParties.None;
        var severity = ImpactSeverity.None;
        for (var i = 0; i < workflows.Count; i++)
        {
            affected |= workflows[i].Affected;
            // Stryker disable once Equality : equivalent; of two equal severities either is the worst
            severity = workflows[i].Severity > severity ? workflows[i].Severity : severity;
        }

        Affected = affected;
        Severity = severity;
    }

    /// <summary>The store assessed.</summary>
    public StoreId StoreId { get; }

    /// <summary>The app assessed.</summary>
    public ConnectedApp App { get; }

    /// <summary>The other apps assumed to go at the same time, which therefore cover nothing; empty for a single disconnect.</summary>
    public IReadOnlyList<ProviderKey> AlongWith { get; }

    /// <summary>The store's apps version the assessment was made on; an acknowledgement is valid only on it.</summary>
    public long AppsVersion { get; }

    /// <summary>When the assessment was made.</summary>
    public Instant AssessedAt { get; }

    /// <summary>Whether the app's category is critical, so disconnecting or replacing it needs this assessment acknowledged (R8).</summary>
    public bool RequiresAcknowledgement { get; }

    /// <summary>Per workflow of the app: whether another app still covers it, who is affected, how badly.</summary>
    public IReadOnlyList<WorkflowImpact> Workflows { get; }

    /// <summary>The workflows that would stop: those of a live app that no other active app covers.</summary>
    public IEnumerable<CommerceWorkflow> WorkflowsThatStop => Workflows.Where(w => w.Stops).Select(w => w.Workflow);

    /// <summary>Everyone affected by the workflows that stop.</summary>
    public AffectedParties Affected { get; }

    /// <summary>The worst severity over the workflows.</summary>
    public ImpactSeverity Severity { get; }

    /// <summary>Records that the merchant saw this assessment: the only way, in-process, to get an <see cref="ImpactAcknowledgement"/>.</summary>
    /// <returns>The acknowledgement, valid while the store's apps do not change; <see cref="AcknowledgementTokens"/> carries it across a request boundary.</returns>
    public ImpactAcknowledgement Acknowledge() => new(StoreId, App.Key, AppsVersion, WorkflowsThatStop, AlongWith);

    /// <inheritdoc />
    public override string ToString() =>
        $"Removing {App.Provider.DisplayName}{(AlongWith.Count > 0 ? $" along with {string.Join(", ", AlongWith)}" : "")}: severity {Severity}, affects {Affected}; " + string.Join("; ", Workflows);
}
