using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>An app got new credentials in place: same connection, same slot (R4, R17).</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class AppReconnected : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="provider">The app's provider.</param>
    /// <param name="connectionId">The id of the connection, unchanged.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    public AppReconnected(StoreId storeId, Actor actor, Instant at, ProviderKey provider, ConnectionId connectionId)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(connectionId);
        Provider = provider;
        ConnectionId = connectionId;
    }

    /// <summary>The app's provider.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The id of the connection, unchanged.</summary>
    public ConnectionId ConnectionId { get; }

    private protected override string DescribeMembers() => $"Provider = {Provider}, ConnectionId = {ConnectionId}";
}
