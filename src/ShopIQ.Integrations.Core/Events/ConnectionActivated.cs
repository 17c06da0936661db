using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>A pending setup completed: the app is active in the slot it reserved, same connection.</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class ConnectionActivated : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="provider">The app's provider.</param>
    /// <param name="connectionId">The id of the connection, the one its reservation started.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    public ConnectionActivated(StoreId storeId, Actor actor, Instant at, ProviderKey provider, ConnectionId connectionId)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(connectionId);
        Provider = provider;
        ConnectionId = connectionId;
    }

    /// <summary>The app's provider.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The id of the connection, the one its reservation started.</summary>
    public ConnectionId ConnectionId { get; }

    private protected override string DescribeMembers() => $"Provider = {Provider}, ConnectionId = {ConnectionId}";
}
