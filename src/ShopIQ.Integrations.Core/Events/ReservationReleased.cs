using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>A pending setup failed or was cancelled: its slot is free and its connection ended (R6).</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class ReservationReleased : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="provider">The app's provider.</param>
    /// <param name="connectionId">The id of the connection that ended.</param>
    /// <param name="slotsInUse">Slots in use afterwards.</param>
    /// <param name="allowance">The allowance in force afterwards.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public ReservationReleased(StoreId storeId, Actor actor, Instant at, ProviderKey provider, ConnectionId connectionId, int slotsInUse, SlotAllowance allowance)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentOutOfRangeException.ThrowIfNegative(slotsInUse);
        Provider = provider;
        ConnectionId = connectionId;
        SlotsInUse = slotsInUse;
        Allowance = allowance;
    }

    /// <summary>The app's provider.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The id of the connection that ended.</summary>
    public ConnectionId ConnectionId { get; }

    /// <summary>Slots in use afterwards.</summary>
    public int SlotsInUse { get; }

    /// <summary>The allowance in force afterwards.</summary>
    public SlotAllowance Allowance { get; }

    private protected override string DescribeMembers() => $"Provider = {Provider}, ConnectionId = {ConnectionId}, SlotsInUse = {SlotsInUse}, Allowance = {Allowance}";
}
