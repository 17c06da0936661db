using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>The store changed plan (R12).</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class PlanChanged : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="from">The plan before.</param>
    /// <param name="to">The plan after.</param>
    /// <param name="allowance">The allowance granted by the new plan.</param>
    /// <param name="slotsInUse">Slots in use afterwards.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public PlanChanged(StoreId storeId, Actor actor, Instant at, PlanId from, PlanId to, SlotAllowance allowance, int slotsInUse)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentOutOfRangeException.ThrowIfNegative(slotsInUse);
        From = from;
        To = to;
        Allowance = allowance;
        SlotsInUse = slotsInUse;
    }

    /// <summary>The plan before.</summary>
    public PlanId From { get; }

    /// <summary>The plan after.</summary>
    public PlanId To { get; }

    /// <summary>The allowance granted by the new plan.</summary>
    public SlotAllowance Allowance { get; }

    /// <summary>Slots in use afterwards.</summary>
    public int SlotsInUse { get; }

    private protected override string DescribeMembers() => $"From = {From}, To = {To}, Allowance = {Allowance}, SlotsInUse = {SlotsInUse}";
}
