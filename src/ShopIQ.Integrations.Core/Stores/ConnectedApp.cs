using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>One provider connected to one store: it occupies one slot whatever its category (R1).</summary>
/// <remarks>
/// An immutable snapshot taken from a <see cref="Store"/>; the store hands out a new snapshot after every
/// change. Equality is by value over every property. Thread-safe.
/// </remarks>
public sealed record ConnectedApp
{
    // Stored without Nullable<T> (24 bytes each): the state says whether there is a deadline (Pending) or a
    // reason (NeedsAttention), and a flag whether there was activity. A snapshot is made for every app a store
    // connects or changes, so this keeps it at 88 bytes instead of 104.
    private readonly Instant _pendingUntil;
    private readonly Instant _lastActivityAt;
    private readonly bool _hasActivity;
    private readonly AttentionReason _attentionReason;
    private readonly ConnectionState _state;

    internal ConnectedApp(ProviderDescriptor provider, ConnectionId connectionId, ConnectionState state, Instant connectedAt, Instant? pendingUntil, Instant? lastActivityAt, AttentionReason? attentionReason)
    {
        Provider = provider;
        ConnectionId = connectionId;
        ConnectedAt = connectedAt;
        PendingUntil = pendingUntil;
        LastActivityAt = lastActivityAt;
        AttentionReason = attentionReason;
        State = state; // last: it drops what the state cannot have
    }

    /// <summary>The provider as described when it was connected.</summary>
    public ProviderDescriptor Provider { get; }

    /// <summary>The provider's key.</summary>
    public ProviderKey Key => Provider.Key;

    /// <summary>
    /// The connection's id: made when the app took its slot (reserved or connected), kept when it reconnects or needs
    /// attention, never given to another connection. Settle a reservation by it (<see cref="Store.CompleteConnect(ProviderKey, ConnectionId, Actor)"/>).
    /// </summary>
    public ConnectionId ConnectionId { get; }

    /// <summary>The provider's category.</summary>
    public ProviderCategory Category => Provider.Category;

    /// <summary>The app's health state; never <see cref="ConnectionState.Disconnected"/> while the store lists it.</summary>
    /// <remarks>
    /// Setting it (in the constructor or a <c>with</c>) drops a deadline or reason the new state cannot have, so two
    /// apps with the same public properties are always equal, whatever states they went through.
    /// </remarks>
    public ConnectionState State
    {
        get => _state;
        internal init
        {
            _state = value;
            _pendingUntil = value == ConnectionState.Pending ? _pendingUntil : default;
            _attentionReason = value == ConnectionState.NeedsAttention ? _attentionReason : default;
        }
    }

    /// <summary>When the slot was first taken (reserved or connected).</summary>
    public Instant ConnectedAt { get; }

    /// <summary>When a pending reservation expires (R6); null unless <see cref="State"/> is <see cref="ConnectionState.Pending"/>.</summary>
    public Instant? PendingUntil
    {
        get => State == ConnectionState.Pending ? _pendingUntil : null;
        internal init => _pendingUntil = value.GetValueOrDefault();
    }

    /// <summary>When activity through the app was last recorded; null if never.</summary>
    public Instant? LastActivityAt
    {
        get => _hasActivity ? _lastActivityAt : null;
        internal init => (_hasActivity, _lastActivityAt) = (value.HasValue, value.GetValueOrDefault());
    }

    /// <summary>Why the app needs attention; null unless <see cref="State"/> is <see cref="ConnectionState.NeedsAttention"/>.</summary>
    public AttentionReason? AttentionReason
    {
        get => State == ConnectionState.NeedsAttention ? _attentionReason : null;
        internal init => _attentionReason = value.GetValueOrDefault();
    }

    /// <summary>The instant from which the app counts as idle: its last activity, or its connection if it never had any (R11).</summary>
    public Instant IdleSince => LastActivityAt ?? ConnectedAt;

    /// <inheritdoc />
    public override string ToString() => $"{Provider.DisplayName} ({Key}, {Category}, {State}, connection {ConnectionId})";
}
