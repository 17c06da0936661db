namespace ShopIQ.Integrations.Core;

/// <summary>The native ShopIQ feature a key named: the details of <see cref="OutcomeStatus.NativeFeature"/> (R2).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class NativeFeatureDetails : OutcomeDetails
{
    internal NativeFeatureDetails(NativeFeature feature) => Feature = feature;

    /// <summary>The feature.</summary>
    public NativeFeature Feature { get; }

    /// <inheritdoc />
    public override string ToString() => Feature.ToString();
}
