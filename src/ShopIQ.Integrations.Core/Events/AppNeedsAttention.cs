using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>An app needs attention; it keeps its slot and its connection (R17).</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class AppNeedsAttention : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="provider">The app's provider.</param>
    /// <param name="connectionId">The id of the connection, unchanged.</param>
    /// <param name="reason">Why.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An enum value is not defined.</exception>
    public AppNeedsAttention(StoreId storeId, Actor actor, Instant at, ProviderKey provider, ConnectionId connectionId, AttentionReason reason)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(connectionId);
        Preconditions.CheckDefined(reason, nameof(reason));
        Provider = provider;
        ConnectionId = connectionId;
        Reason = reason;
    }

    /// <summary>The app's provider.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The id of the connection, unchanged.</summary>
    public ConnectionId ConnectionId { get; }

    /// <summary>Why.</summary>
    public AttentionReason Reason { get; }

    private protected override string DescribeMembers() => $"Provider = {Provider}, ConnectionId = {ConnectionId}, Reason = {Reason}";
}
