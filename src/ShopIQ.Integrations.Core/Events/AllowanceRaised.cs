using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>A catalog edit raised the allowance of the store's plan, and the store was granted it (R13).</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class AllowanceRaised : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="plan">The store's plan.</param>
    /// <param name="from">The allowance before.</param>
    /// <param name="to">The allowance after.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    public AllowanceRaised(StoreId storeId, Actor actor, Instant at, PlanId plan, SlotAllowance from, SlotAllowance to)
        : base(storeId, actor, at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
        From = from;
        To = to;
    }

    /// <summary>The store's plan.</summary>
    public PlanId Plan { get; }

    /// <summary>The allowance before.</summary>
    public SlotAllowance From { get; }

    /// <summary>The allowance after.</summary>
    public SlotAllowance To { get; }

    private protected override string DescribeMembers() => $"Plan = {Plan}, From = {From}, To = {To}";
}
