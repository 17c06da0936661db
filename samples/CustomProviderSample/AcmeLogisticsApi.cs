using ShopIQ.Integrations.Core;

/// <summary>
/// Stands in for Acme Logistics' web API so that the sample runs offline; a real adapter would call the
/// provider over HTTP here. The sample plays Acme's side through the methods below the line.
/// </summary>
/// <remarks>Thread-safe, like the HTTP API it stands in for.</remarks>
internal sealed class AcmeLogisticsApi
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _apiKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inTransit = new(StringComparer.Ordinal);
    private readonly Dictionary<StoreId, string> _linkedStores = [];
    private bool _down;

    /// <summary>Links a ShopIQ store to an Acme account if the API key is that account's; answers why not otherwise.</summary>
    public async Task<string?> LinkStoreAsync(StoreId store, string accountCode, string apiKey, CancellationToken cancellationToken)
    {
        await Task.Yield(); // an HTTP round trip
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDown();
            if (!_apiKeys.TryGetValue(accountCode, out var key))
            {
                return $"Acme Logistics has no account {accountCode}.";
            }

            if (!string.Equals(key, apiKey, StringComparison.Ordinal))
            {
                return $"the API key is not one of account {accountCode}'s keys (Acme dashboard > Developers > API keys).";
            }

            _linkedStores[store] = accountCode;
            return null;
        }
    }

    /// <summary>Removes the link; unlinking a store that is not linked is not an error.</summary>
    public async Task UnlinkStoreAsync(StoreId store, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDown();
            _linkedStores.Remove(store);
        }
    }

    /// <summary>Whether the store is linked and its account's key still valid; null if the store is not linked.</summary>
    public async Task<bool?> IsKeyValidAsync(StoreId store, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDown();
            return _linkedStores.TryGetValue(store, out var account) ? _apiKeys.ContainsKey(account) : null;
        }
    }

    /// <summary>The linked account's shipments that have left the warehouse and not yet been delivered; null if the store is not linked.</summary>
    public async Task<int?> CountShipmentsInTransitAsync(StoreId store, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDown();
            return _linkedStores.TryGetValue(store, out var account) ? _inTransit.GetValueOrDefault(account) : null;
        }
    }

    // ---- Acme's side of the story, played by the sample ----

    /// <summary>An account exists at Acme with this API key.</summary>
    public void OpenAccount(string accountCode, string apiKey)
    {
        lock (_gate)
        {
            _apiKeys[accountCode] = apiKey;
        }
    }

    /// <summary>Parcels of the account are handed to Acme's couriers.</summary>
    public void Ship(string accountCode, int parcels)
    {
        lock (_gate)
        {
            _inTransit[accountCode] = _inTransit.GetValueOrDefault(accountCode) + parcels;
        }
    }

    /// <summary>Whether Acme's API is down: every call fails, as an HTTP call would with a 503.</summary>
    public void SetDown(bool down)
    {
        lock (_gate)
        {
            _down = down;
        }
    }

    /// <summary>Whether Acme still has the store linked to an account.</summary>
    public bool IsLinked(StoreId store)
    {
        lock (_gate)
        {
            return _linkedStores.ContainsKey(store);
        }
    }

    private void ThrowIfDown()
    {
        if (_down)
        {
            throw new HttpRequestException("Acme Logistics answered 503 Service Unavailable.");
        }
    }
}
