using System.Collections.Concurrent;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>The default <see cref="IProviderCredentialStore"/>: a dictionary, lost when the process stops. Thread-safe.</summary>
internal sealed class InMemoryProviderCredentialStore : IProviderCredentialStore
{
    private readonly ConcurrentDictionary<(StoreId Store, ProviderKey Provider), ProviderSetup> _setups = new();

    public ValueTask SaveAsync(StoreId store, ProviderKey provider, ProviderSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(setup);
        cancellationToken.ThrowIfCancellationRequested();
        _setups[(store, provider)] = setup;
        return ValueTask.CompletedTask;
    }

    public ValueTask<ProviderSetup?> FindAsync(StoreId store, ProviderKey provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(provider);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_setups.TryGetValue((store, provider), out var setup) ? setup : null);
    }

    public ValueTask RemoveAsync(StoreId store, ProviderKey provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(provider);
        cancellationToken.ThrowIfCancellationRequested();
        _setups.TryRemove((store, provider), out _);
        return ValueTask.CompletedTask;
    }
}
