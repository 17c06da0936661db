namespace ShopIQ.Integrations.Core;

/// <summary>
/// A store's state at one version of its ledger, kept beside the ledger so that a command reads one snapshot
/// instead of replaying every entry. The ledger stays the truth: a snapshot that cannot be read, or that disagrees
/// with the ledger, is never trusted, and the store is rebuilt from its ledger instead.
/// </summary>
/// <remarks>
/// <para>
/// A repository keeps a snapshot as bytes (<see cref="ToBytes"/>) next to the version it belongs to, and gives it back
/// with <see cref="FromBytes"/>; it never needs to look inside. The bytes are a compact binary format that starts
/// with its format version (<see cref="CurrentFormat"/>) and ends with a checksum: bytes changed in storage, or a
/// format this version of the library does not know, are found when the snapshot is used.
/// </para>
/// <para>
/// Immutable and thread-safe; the bytes are made once, when first asked for. (Inside, each app keeps the public
/// <see cref="ConnectedApp"/> made for it the first time it is read: one reference, the same value whoever writes it.)
/// </para>
/// </remarks>
public sealed class StoreSnapshot
{
    private LedgerState? _state;
    private byte[]? _bytes;

    internal StoreSnapshot(LedgerState state)
    {
        _state = state;
        Store = state.Id;
        Version = state.Version;
    }

    private StoreSnapshot(StoreId store, long version, byte[] bytes)
    {
        Store = store;
        Version = version;
        _bytes = bytes;
    }

    /// <summary>The format version this library writes (3); it reads this one, format 2 (written before apps had connection ids) and format 1 (before setup fields had formats).</summary>
    public static int CurrentFormat => StoreSnapshotFormat.Version;

    /// <summary>The store.</summary>
    public StoreId Store { get; }

    /// <summary>The version of the ledger the snapshot claims to be taken at: the sequence number of its last entry.</summary>
    public long Version { get; }

    /// <summary>Takes stored bytes as they are, to be checked and read when the snapshot is used.</summary>
    /// <param name="store">The store the repository keeps them for.</param>
    /// <param name="version">The ledger version the repository keeps them at.</param>
    /// <param name="bytes">The bytes <see cref="ToBytes"/> gave; copied.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is below 1.</exception>
    public static StoreSnapshot FromBytes(StoreId store, long version, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return new StoreSnapshot(store, version, bytes.ToArray());
    }

    /// <summary>The snapshot as bytes, to store.</summary>
    /// <returns>The bytes; the same array on every call, not to be changed.</returns>
    public ReadOnlyMemory<byte> ToBytes() => _bytes ??= StoreSnapshotFormat.Write(_state!);

    /// <inheritdoc />
    public override string ToString() => $"Snapshot of store {Store} at version {Version}";

    /// <summary>
    /// The state, read from the bytes the first time; null with the reason when they cannot be trusted: another format,
    /// a checksum that does not match, or a store or version other than the one the repository keeps them for.
    /// </summary>
    internal LedgerState? TryGetState(out string? problem)
    {
        if (_state is { } state)
        {
            problem = null;
            return state;
        }

        var read = StoreSnapshotFormat.TryRead(_bytes!, out problem);
        if (read is null)
        {
            return null;
        }

        if (read.Id != Store || read.Version != Version)
        {
            problem = $"the bytes hold store '{read.Id}' at version {read.Version}, but are kept for store '{Store}' at version {Version}";
            return null;
        }

        _state = read;
        return read;
    }
}
