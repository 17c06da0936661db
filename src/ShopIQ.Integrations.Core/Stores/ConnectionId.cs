using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// The identity of one connection: one app's hold on one slot of one store, from the moment it takes the slot (a
/// reservation or a one-step connect) until it lets it go (disconnect, release, expiry, or being replaced).
/// </summary>
/// <remarks>
/// <para>
/// A non-empty <see cref="Guid"/>, written as text in its 36-character hyphenated lower-case form (<c>"D"</c>), as
/// PostgreSQL writes a <c>uuid</c>. Reconnecting in place or needing attention keeps a connection's id; connecting the
/// same provider again after it went gives a new one, as does a replace for the incoming app. The id of a new
/// connection is made once, recorded in the ledger entry that starts it, and read from there on every replay.
/// </para>
/// <para>
/// A store makes a new connection's id from its own id and the sequence number of that entry (a name-based UUID, see
/// <see cref="ForEntry"/>), not at random: a sequence number starts at most one connection in a store's history, so the
/// id is unique, and a store rebuilt from a snapshot or a ledger makes the very ids its live twin makes for the same later
/// operations. An id is not a secret and proves nothing about who holds it.
/// </para>
/// <para>
/// Connections started before ledger entries carried ids (and apps read from a snapshot of format 1 or 2) have a
/// derived id instead (<see cref="Derive"/>): the same in a replay and in a snapshot, so such a store keeps stable ids.
/// </para>
/// <para>Equality is by <see cref="Value"/>. Immutable and thread-safe.</para>
/// </remarks>
public sealed record ConnectionId
{
    /// <summary>Creates a connection id.</summary>
    /// <param name="value">The id; not <see cref="Guid.Empty"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see cref="Guid.Empty"/>.</exception>
    public ConnectionId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new ArgumentException("A connection id is never the empty GUID.", nameof(value));
        }

        Value = value;
    }

    /// <summary>The id.</summary>
    public Guid Value { get; }

    /// <summary>A new random connection id.</summary>
    /// <returns>An id holding a fresh GUID.</returns>
    public static ConnectionId New() => new(Guid.NewGuid());

    /// <summary>Reads a connection id from its text.</summary>
    /// <param name="value">The 36-character hyphenated form, for example <c>3f2504e0-4f89-41d3-9a0c-0305e82c3301</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a non-empty GUID in the hyphenated form.</exception>
    public static ConnectionId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryCreate(value, out var id)
            ? id
            : throw new ArgumentException($"Connection id {Preconditions.Describe(value)} is invalid: use a non-empty GUID in its 36-character hyphenated form.", nameof(value));
    }

    /// <summary>Tries to read a connection id from its text without throwing.</summary>
    /// <param name="value">The candidate text; may be null.</param>
    /// <param name="connectionId">The id when the text is valid; otherwise null.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a non-empty GUID in the hyphenated form.</returns>
    public static bool TryCreate(string? value, [NotNullWhen(true)] out ConnectionId? connectionId)
    {
        connectionId = value is not null && Guid.TryParseExact(value, "D", out var guid) && guid != Guid.Empty ? new ConnectionId(guid) : null;
        return connectionId is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>The id of the connection started by entry <paramref name="sequence"/> of <paramref name="store"/>'s ledger.</summary>
    internal static ConnectionId ForEntry(StoreId store, long sequence) =>
        FromName(string.Create(CultureInfo.InvariantCulture, $"{store.Value}#{sequence}"));

    /// <summary>
    /// The id of a connection recorded without one (ledger entries and snapshots written before ids existed): the first
    /// 16 bytes of the SHA-256 of <c>store|provider|connected-at in Unix ticks</c>, marked as a version-8 (custom) UUID.
    /// A store holds at most one connection of a provider at a time, so live connections never share a derived id.
    /// </summary>
    internal static ConnectionId Derive(StoreId store, ProviderKey provider, Instant connectedAt) =>
        FromName(string.Create(CultureInfo.InvariantCulture, $"{store.Value}|{provider.Value}|{connectedAt.ToUnixTimeTicks()}"));

    /// <summary>A name-based id: the first 16 bytes of the SHA-256 of the name, marked as a version-8 (custom) UUID.</summary>
    private static ConnectionId FromName(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new ConnectionId(new Guid(bytes, bigEndian: true));
    }
}
