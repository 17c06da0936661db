using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>One app replaced another in the same slot (R10): the outgoing connection ended and a new one started for the incoming app.</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class AppReplaced : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="replaced">The provider that went.</param>
    /// <param name="replacedConnectionId">The id of the connection that ended, the outgoing app's.</param>
    /// <param name="replacement">The provider that came, active.</param>
    /// <param name="connectionId">The id of the connection that started, the incoming app's.</param>
    /// <param name="slotsInUse">Slots in use afterwards.</param>
    /// <param name="allowance">The allowance in force afterwards.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public AppReplaced(StoreId storeId, Actor actor, Instant at, ProviderKey replaced, ConnectionId replacedConnectionId, ProviderKey replacement, ConnectionId connectionId, int slotsInUse, SlotAllowance allowance)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        ArgumentNullException.ThrowIfNull(replacedConnectionId);
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentOutOfRangeException.ThrowIfNegative(slotsInUse);
        Replaced = replaced;
        ReplacedConnectionId = replacedConnectionId;
        Replacement = replacement;
        ConnectionId = connectionId;
        SlotsInUse = slotsInUse;
        Allowance = allowance;
    }

    /// <summary>The provider that went.</summary>
    public ProviderKey Replaced { get; }

    /// <summary>The id of the connection that ended, the outgoing app's.</summary>
    public ConnectionId ReplacedConnectionId { get; }

    /// <summary>The provider that came, active.</summary>
    public ProviderKey Replacement { get; }

    /// <summary>The id of the connection that started, the incoming app's.</summary>
    public ConnectionId ConnectionId { get; }

    /// <summary>Slots in use afterwards.</summary>
    public int SlotsInUse { get; }

    /// <summary>The allowance in force afterwards.</summary>
    public SlotAllowance Allowance { get; }

    private protected override string DescribeMembers() => $"Replaced = {Replaced}, ReplacedConnectionId = {ReplacedConnectionId}, Replacement = {Replacement}, ConnectionId = {ConnectionId}, SlotsInUse = {SlotsInUse}, Allowance = {Allowance}";
}
