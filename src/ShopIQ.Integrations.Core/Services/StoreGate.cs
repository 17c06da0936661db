namespace ShopIQ.Integrations.Core;

/// <summary>
/// Lets the commands of one service instance through a store's load-apply-save one at a time, so callers of
/// the same instance on a busy store queue instead of colliding on its version and retrying.
/// </summary>
/// <remarks>
/// Only an optimisation: the repository's version check still decides, and other instances still collide
/// and retry. Stores share a fixed set of stripes (by hash), so memory stays bounded whatever the number
/// of stores; two stores on one stripe merely take turns. Only the repository's load and save (with its own
/// transient retries) run while a stripe is held; adapter calls and event sinks never do. Not re-entrant: a repository must not call the same service instance back
/// from inside its LoadAsync or SaveAsync (it would wait for its own turn).
/// </remarks>
internal sealed class StoreGate : IDisposable
{
    private readonly SemaphoreSlim[] _stripes;

    public StoreGate(int stripes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stripes);
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Waits for the store's turn; dispose the result to end it.</summary>
    public async ValueTask<Turn> EnterAsync(StoreId store, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(store.Value) % (uint)_stripes.Length];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    /// <summary>A store's turn through the gate.</summary>
    internal readonly struct Turn(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
