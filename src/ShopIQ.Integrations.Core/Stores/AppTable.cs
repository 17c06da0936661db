using System.Runtime.CompilerServices;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The apps of one <see cref="Store"/>, by provider key: each app's state kept in place, in an array, and its public
/// <see cref="ConnectedApp"/> snapshot made only when asked for and kept until the app changes.
/// </summary>
/// <remarks>
/// <para>
/// Replaying a ledger changes an app's state at almost every entry; with immutable snapshots as the stored value
/// every connect, activation and recorded activity allocated one. Here replay allocates nothing per entry, and a
/// store answers with snapshots only for what its callers read.
/// </para>
/// <para>
/// Lookups compare keys one by one (by reference first) while the table is small, as a store's apps are, and through
/// a dictionary index once it holds more than <see cref="IndexThreshold"/>. The order of <see cref="States"/> is that
/// of a <see cref="Dictionary{TKey, TValue}"/> given the same adds and removes (a freed place is reused, the most
/// recently freed first), so everything that lists apps in table order lists them as before. Not thread-safe.
/// </para>
/// </remarks>
internal sealed class AppTable
{
    /// <summary>Above this many places, lookups go through a dictionary index.</summary>
    internal const int IndexThreshold = 16;

    // Empty until the first app: a store with none (a million are held at once in places) costs no arrays.
    private ProviderKey?[] _keys = [];
    private int[] _hashes = [];
    private AppState[] _apps = [];
    private int[] _free = [];
    private int _freeCount;
    private Dictionary<ProviderKey, int>? _index;

    /// <summary>The number of apps.</summary>
    public int Count { get; private set; }

    /// <summary>One past the last place in use since the last <see cref="Clear"/>: <see cref="Keys"/> and <see cref="States"/> end here.</summary>
    public int End { get; private set; }

    /// <summary>The key in each place up to <see cref="End"/>; null for a free place.</summary>
    public ReadOnlySpan<ProviderKey?> Keys => _keys.AsSpan(0, End);

    /// <summary>The app in each place up to <see cref="End"/>, to read or change in place; only where <see cref="Keys"/> has a key.</summary>
    public Span<AppState> States => _apps.AsSpan(0, End);

    /// <summary>The app with <paramref name="key"/>, in place; a null reference (<see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>) when there is none.</summary>
    public ref AppState Find(ProviderKey key)
    {
        var i = IndexOf(key);
        return ref i < 0 ? ref Unsafe.NullRef<AppState>() : ref _apps[i];
    }

    /// <summary>
    /// The place for a new app with <paramref name="key"/>, cleared, for the caller to fill in; when the key is there
    /// already, <paramref name="exists"/> is set and the app's own place is answered, unchanged.
    /// </summary>
    public ref AppState Add(ProviderKey key, out bool exists)
    {
        var found = IndexOf(key);
        exists = found >= 0;
        if (exists)
        {
            return ref _apps[found];
        }

        int i;
        if (_freeCount > 0)
        {
            i = _free[--_freeCount];
        }
        else
        {
            if (End == _keys.Length)
            {
                var size = End == 0 ? 4 : End * 2;
                Array.Resize(ref _keys, size);
                Array.Resize(ref _hashes, size);
                Array.Resize(ref _apps, size);
            }

            i = End++;
        }

        _keys[i] = key;
        _hashes[i] = key.GetHashCode();
        Count++;
        if (_index is not null)
        {
            _index.Add(key, i);
        }
        else if (End > IndexThreshold)
        {
            // Stryker disable once Statement : equivalent; the index only makes a lookup faster: without it IndexOf compares hash and text and finds the same place
            BuildIndex();
        }

        return ref _apps[i];
    }

    /// <summary>Removes the app with <paramref name="key"/>, answering the state it was in; <see langword="false"/> when there is none.</summary>
    public bool Remove(ProviderKey key, out ConnectionState state)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            state = default;
            return false;
        }

        state = _apps[i].State;
        _index?.Remove(_keys[i]!);
        _keys[i] = null;
        _apps[i] = default; // a free place is always clear, for Add
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, _freeCount == 0 ? 4 : _freeCount * 2);
        }

        _free[_freeCount++] = i;
        Count--;
        return true;
    }

    /// <summary>A copy with the same apps in the same places and the same free places, so it lists and reuses them as this one does.</summary>
    public AppTable Clone()
    {
        var copy = new AppTable();
        if (End > 0)
        {
            copy._keys = _keys[..End];
            copy._hashes = _hashes[..End];
            copy._apps = _apps[..End];
        }

        copy._free = _free[.._freeCount];
        copy._freeCount = _freeCount;
        copy.Count = Count;
        copy.End = End;
        // Stryker disable once all : equivalent; the index only makes a lookup faster: without it IndexOf compares hash and text and finds the same place; and one built for a small table finds the same places too
        if (_index is not null)
        {
            copy.BuildIndex();
        }

        return copy;
    }

    /// <summary>The free places, most recently freed last: the order <see cref="Add"/> reuses them in, from the end.</summary>
    public ReadOnlySpan<int> FreePlaces => _free.AsSpan(0, _freeCount);

    /// <summary>
    /// Rebuilds a table from its places, as <see cref="Keys"/>, <see cref="States"/> and <see cref="FreePlaces"/> gave them:
    /// a null key is a free place. Used to restore a snapshot with the very layout it was taken from.
    /// </summary>
    public static AppTable Restore(ProviderKey?[] keys, AppState[] apps, int[] free)
    {
        var table = new AppTable
        {
            _keys = keys,
            _hashes = new int[keys.Length],
            _apps = apps,
            _free = free,
            _freeCount = free.Length,
            End = keys.Length,
        };
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is { } key)
            {
                table._hashes[i] = key.GetHashCode();
                table.Count++;
            }
        }

        // Stryker disable once all : equivalent; the index only makes a lookup faster: without it IndexOf compares hash and text and finds the same place; and one built for a small table finds the same places too
        if (table.End > IndexThreshold)
        {
            table.BuildIndex();
        }

        return table;
    }

    /// <summary>Removes every app.</summary>
    public void Clear()
    {
        // Stryker disable once Statement : equivalent; keys past End are never read (Keys, IndexOf), and Add writes the key of each place it uses
        Array.Clear(_keys, 0, End);
        Array.Clear(_apps, 0, End);
        End = 0;
        Count = 0;
        _freeCount = 0;
        _index = null;
    }

    private int IndexOf(ProviderKey key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }

        // By reference first (keys usually come from the same descriptors), then by hash and text.
        var keys = _keys.AsSpan(0, End);
        for (var i = 0; i < keys.Length; i++)
        {
            // Stryker disable once Block : equivalent; the same key found by reference is found by hash and text below
            if (ReferenceEquals(keys[i], key))
            {
                return i;
            }
        }

        var hash = key.GetHashCode();
        var hashes = _hashes.AsSpan(0, keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (hashes[i] == hash && keys[i] is { } candidate && candidate.Equals(key))
            {
                return i;
            }
        }

        return -1;
    }

    private void BuildIndex()
    {
        // Stryker disable once Arithmetic : equivalent; the capacity only saves growing the dictionary
        _index = new Dictionary<ProviderKey, int>(End * 2);
        for (var i = 0; i < End; i++)
        {
            if (_keys[i] is { } key)
            {
                _index.Add(key, i);
            }
        }
    }
}

/// <summary>One app's state inside an <see cref="AppTable"/>, changed in place; <see cref="Snapshot"/> is its public form.</summary>
internal struct AppState
{
    /// <summary>The provider as described when it was connected.</summary>
    public ProviderDescriptor Provider;

    /// <summary>The id of the connection, from the entry that started it.</summary>
    public ConnectionId ConnectionId;

    /// <summary>The app's health state.</summary>
    public ConnectionState State;

    /// <summary>When the slot was first taken.</summary>
    public Instant ConnectedAt;

    /// <summary>The deadline of a pending reservation.</summary>
    public Instant? PendingUntil;

    /// <summary>When activity was last recorded.</summary>
    public Instant? LastActivityAt;

    /// <summary>Why the app needs attention.</summary>
    public AttentionReason? AttentionReason;

    /// <summary>The snapshot made for the state as it is; null until asked for, and again after every change.</summary>
    private ConnectedApp? _snapshot;

    /// <summary>Fills a cleared place with an app that has just taken its slot.</summary>
    public void Start(ProviderDescriptor provider, ConnectionId connectionId, ConnectionState state, Instant connectedAt, Instant? pendingUntil)
    {
        Provider = provider;
        ConnectionId = connectionId;
        State = state;
        ConnectedAt = connectedAt;
        PendingUntil = pendingUntil;
    }

    /// <summary>The provider's key.</summary>
    public readonly ProviderKey Key => Provider.Key;

    /// <summary>The public snapshot of the app as it is, made once per state.</summary>
    public ConnectedApp Snapshot() => _snapshot ??= new ConnectedApp(Provider, ConnectionId, State, ConnectedAt, PendingUntil, LastActivityAt, AttentionReason);

    /// <summary>Forgets the snapshot: call after every change.</summary>
    public void Changed() => _snapshot = null;
}
