namespace ShopIQ.Integrations.Core;

/// <summary>
/// The base of the built-in adapters as shipped: they validate setups offline in full, but make no
/// network call yet. <see cref="ConnectAsync"/> accepts a setup that passed validation, <see cref="DisconnectAsync"/>
/// succeeds, <see cref="CheckHealthAsync"/> answers healthy and there are no live facts.
/// </summary>
/// <remarks>
/// This is the seam for the real provider APIs: derive from a built-in adapter (they are not sealed for
/// this reason) and override these methods to call the provider, then register the derived type with
/// <c>AddProvider&lt;T&gt;()</c> instead of <c>AddBuiltInProviders()</c>; such an adapter also answers true from
/// <see cref="ConnectCallsOut"/>, so its slot is reserved while it calls out. Stateless and thread-safe.
/// </remarks>
public abstract class OfflineProvider : IntegrationProviderBase
{
    /// <summary>
    /// False: an offline adapter checks formats only, so its connect needs no reservation and is saved once. A derived
    /// adapter whose <see cref="ConnectAsync"/> calls the provider overrides this to answer true.
    /// </summary>
    public override bool ConnectCallsOut => false;

    /// <summary>Accepts the connection without calling the provider.</summary>
    /// <param name="store">The store.</param>
    /// <param name="setup">The validated setup.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ProviderCallResult.Success"/>.</returns>
    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(setup);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ProviderCallResult.Success);
    }

    /// <summary>Succeeds without calling the provider.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ProviderCallResult.Success"/>.</returns>
    public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ProviderCallResult.Success);
    }

    /// <summary>Answers healthy without calling the provider.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ProviderHealth.Healthy"/>.</returns>
    public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ProviderHealth.Healthy);
    }
}
