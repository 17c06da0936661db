namespace ShopIQ.Integrations.Core;

/// <summary>Why a provider cannot be connected now: the details of <see cref="OutcomeStatus.ProviderUnavailable"/> (R16).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class AvailabilityDetails : OutcomeDetails
{
    internal AvailabilityDetails(ProviderAvailability availability) => Availability = availability;

    /// <summary>The provider's availability; never <see cref="ProviderAvailability.Available"/>.</summary>
    public ProviderAvailability Availability { get; }

    /// <inheritdoc />
    public override string ToString() => Availability.ToString();
}
