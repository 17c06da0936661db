using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>A connect was refused because every slot is in use (R11); no connection started.</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class ConnectRefusedAtLimit : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="provider">The provider the merchant tried to connect.</param>
    /// <param name="slotsInUse">Slots in use afterwards.</param>
    /// <param name="allowance">The allowance in force afterwards.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public ConnectRefusedAtLimit(StoreId storeId, Actor actor, Instant at, ProviderKey provider, int slotsInUse, SlotAllowance allowance)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfNegative(slotsInUse);
        Provider = provider;
        SlotsInUse = slotsInUse;
        Allowance = allowance;
    }

    /// <summary>The provider the merchant tried to connect.</summary>
    public ProviderKey Provider { get; }

    /// <summary>Slots in use afterwards.</summary>
    public int SlotsInUse { get; }

    /// <summary>The allowance in force afterwards.</summary>
    public SlotAllowance Allowance { get; }

    private protected override string DescribeMembers() => $"Provider = {Provider}, SlotsInUse = {SlotsInUse}, Allowance = {Allowance}";
}
