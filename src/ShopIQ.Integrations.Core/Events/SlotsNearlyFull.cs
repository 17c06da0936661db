using System.Globalization;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>The slots in use reached the nearly-full threshold (R18).</summary>
/// <remarks>Immutable and thread-safe; reference equality (see <see cref="StoreEvent"/>).</remarks>
public sealed class SlotsNearlyFull : StoreEvent
{
    /// <summary>Creates the event, checking every argument.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actor">Who acted.</param>
    /// <param name="at">When, from the injected clock.</param>
    /// <param name="slotsInUse">Slots in use afterwards.</param>
    /// <param name="allowance">The allowance in force afterwards.</param>
    /// <param name="threshold">The threshold crossed, a fraction of the allowance, greater than 0 and at most 1.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative; the threshold is not in (0, 1].</exception>
    public SlotsNearlyFull(StoreId storeId, Actor actor, Instant at, int slotsInUse, SlotAllowance allowance, double threshold)
        : base(storeId, actor, at)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slotsInUse);
        if (!(threshold > 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be greater than 0 and at most 1.");
        }

        SlotsInUse = slotsInUse;
        Allowance = allowance;
        Threshold = threshold;
    }

    /// <summary>Slots in use afterwards.</summary>
    public int SlotsInUse { get; }

    /// <summary>The allowance in force afterwards.</summary>
    public SlotAllowance Allowance { get; }

    /// <summary>The threshold crossed, a fraction of the allowance, greater than 0 and at most 1.</summary>
    public double Threshold { get; }

    private protected override string DescribeMembers() => $"SlotsInUse = {SlotsInUse}, Allowance = {Allowance}, Threshold = {Threshold.ToString(CultureInfo.InvariantCulture)}";
}
