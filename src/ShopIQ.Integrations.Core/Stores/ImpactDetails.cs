namespace ShopIQ.Integrations.Core;

/// <summary>
/// The impact assessment of an app that went or may go: the details of <see cref="OutcomeStatus.AcknowledgementRequired"/>
/// and <see cref="OutcomeStatus.AcknowledgementStale"/> (what to acknowledge, R8) and of <see cref="OutcomeStatus.Disconnected"/>
/// (what the disconnect did, R9).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ImpactDetails : OutcomeDetails
{
    internal ImpactDetails(ImpactAssessment assessment) => Assessment = assessment;

    /// <summary>The assessment.</summary>
    public ImpactAssessment Assessment { get; }

    /// <inheritdoc />
    public override string ToString() => Assessment.ToString();
}
