namespace ShopIQ.Integrations.Core.Http;

/// <summary>
/// Where the HTTP adapters keep a store's setup after a successful connect, so that a later health check can ask the
/// provider again (the library itself never stores setup values). The default keeps them in memory, so they are lost
/// when the process stops: a host should register a store backed by its secret store.
/// </summary>
/// <remarks>Implementations must be thread-safe and must never log a setup's secrets.</remarks>
public interface IProviderCredentialStore
{
    /// <summary>Keeps the setup a store connected a provider with, replacing any earlier one.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="setup">The setup that the provider accepted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it is kept.</returns>
    ValueTask SaveAsync(StoreId store, ProviderKey provider, ProviderSetup setup, CancellationToken cancellationToken);

    /// <summary>The setup kept for a store and provider.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The setup, or null when none is kept.</returns>
    ValueTask<ProviderSetup?> FindAsync(StoreId store, ProviderKey provider, CancellationToken cancellationToken);

    /// <summary>Forgets the setup kept for a store and provider, if any.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it is forgotten.</returns>
    ValueTask RemoveAsync(StoreId store, ProviderKey provider, CancellationToken cancellationToken);
}
