using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>An app was connected and is active: it took a slot, starting a new connection.</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class AppConnected : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="provider">The app's provider.</param>
    /// <param name="connectionId">The id of the connection that started.</param>
    /// <param name="category">The provider's category.</param>
    /// <param name="slotsInUse">Slots in use afterwards.</param>
    /// <param name="allowance">The allowance in force afterwards.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An enum value is not defined; a count is negative.</exception>
    public AppConnected(StoreId storeId, Actor actor, Instant at, ProviderKey provider, ConnectionId connectionId, ProviderCategory category, int slotsInUse, SlotAllowance allowance)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(connectionId);
        Preconditions.CheckDefined(category, nameof(category));
        ArgumentOutOfRangeException.ThrowIfNegative(slotsInUse);
        Provider = provider;
        ConnectionId = connectionId;
        Category = category;
        SlotsInUse = slotsInUse;
        Allowance = allowance;
    }

    /// <summary>The app's provider.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The id of the connection that started.</summary>
    public ConnectionId ConnectionId { get; }

    /// <summary>The provider's category.</summary>
    public ProviderCategory Category { get; }

    /// <summary>Slots in use afterwards.</summary>
    public int SlotsInUse { get; }

    /// <summary>The allowance in force afterwards.</summary>
    public SlotAllowance Allowance { get; }

    private protected override string DescribeMembers() => $"Provider = {Provider}, ConnectionId = {ConnectionId}, Category = {Category}, SlotsInUse = {SlotsInUse}, Allowance = {Allowance}";
}
