namespace ShopIQ.Integrations.Core;

/// <summary>Who can disconnect an app that merchants cannot: the details of <see cref="OutcomeStatus.NotSupported"/> (R7).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SupportDetails : OutcomeDetails
{
    internal SupportDetails(SupportRoute support) => Support = support;

    /// <summary>ShopIQ Support and the Implementation Partner route.</summary>
    public SupportRoute Support { get; }

    /// <inheritdoc />
    public override string ToString() => Support.ToString();
}
