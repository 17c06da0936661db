using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Impact;

/// <summary>
/// A caller's confirmation that the merchant saw an <see cref="ImpactAssessment"/> (R8). It is valid only
/// while the store's apps are as they were when the assessment was made (<see cref="AppsVersion"/>);
/// after any change to the store's apps it is stale and is refused.
/// </summary>
/// <remarks>Immutable, value equality. Get one from <see cref="ImpactAssessment.Acknowledge"/>, or rebuild one carried across a request boundary.</remarks>
public sealed record ImpactAcknowledgement
{
    /// <summary>Creates an acknowledgement.</summary>
    /// <param name="storeId">The store assessed.</param>
    /// <param name="provider">The app assessed.</param>
    /// <param name="appsVersion">The store's <see cref="Store.AppsVersion"/> when it was assessed; one or more.</param>
    /// <exception cref="ArgumentNullException"><paramref name="storeId"/> or <paramref name="provider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="appsVersion"/> is below one.</exception>
    public ImpactAcknowledgement(StoreId storeId, ProviderKey provider, long appsVersion)
    {
        ArgumentNullException.ThrowIfNull(storeId);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfLessThan(appsVersion, 1);
        StoreId = storeId;
        Provider = provider;
        AppsVersion = appsVersion;
    }

    /// <summary>The store assessed.</summary>
    public StoreId StoreId { get; }

    /// <summary>The app assessed.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The store's apps version the assessment was made on.</summary>
    public long AppsVersion { get; }
}
