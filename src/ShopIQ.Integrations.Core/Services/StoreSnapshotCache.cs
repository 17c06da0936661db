using System.Collections.Concurrent;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The snapshots of the stores one service instance served lately, by store id, so that a command on a warm store
/// decides without reading it first. A snapshot here may be stale (another instance may have changed the store):
/// the save's version check catches that, and the command then reloads. Bounded; thread-safe.
/// </summary>
/// <remarks>
/// Snapshots are immutable, so callers share them; each command rebuilds its own <see cref="Store"/> from one. When
/// full, an arbitrary store is forgotten to make room: its next command reads it from the repository again.
/// </remarks>
internal sealed class StoreSnapshotCache
{
    private readonly ConcurrentDictionary<StoreId, StoreSnapshot> _snapshots = new();
    private readonly int _capacity;

    public StoreSnapshotCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    public bool TryGet(StoreId store, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoreSnapshot? snapshot) => _snapshots.TryGetValue(store, out snapshot);

    /// <summary>Keeps a snapshot, unless one of a later version is kept already.</summary>
    public void Set(StoreSnapshot snapshot)
    {
        if (_capacity == 0)
        {
            return;
        }

        if (_snapshots.Count >= _capacity && !_snapshots.ContainsKey(snapshot.Store))
        {
            foreach (var victim in _snapshots.Keys)
            {
                _snapshots.TryRemove(victim, out _);
                break;
            }
        }

        _snapshots.AddOrUpdate(snapshot.Store, snapshot, (_, kept) => kept.Version > snapshot.Version ? kept : snapshot);
    }

    public void Forget(StoreId store) => _snapshots.TryRemove(store, out _);
}
