namespace ShopIQ.Integrations.Core;

/// <summary>What a replace did and what to test after it: the details of <see cref="OutcomeStatus.Replaced"/> (R10).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ReplacementDetails : OutcomeDetails
{
    internal ReplacementDetails(ImpactAssessment assessment, IReadOnlyList<CommerceWorkflow> workflowsToTest)
    {
        Assessment = assessment;
        WorkflowsToTest = workflowsToTest;
    }

    /// <summary>The impact of the app that was replaced, counting the replacement as cover.</summary>
    public ImpactAssessment Assessment { get; }

    /// <summary>The workflows of both apps, which the merchant should test now.</summary>
    public IReadOnlyList<CommerceWorkflow> WorkflowsToTest { get; }

    /// <inheritdoc />
    public override string ToString() => "test: " + string.Join(", ", WorkflowsToTest);
}
