using System.Globalization;

namespace ShopIQ.Integrations.Core;

/// <summary>How many connected apps a plan allows: a whole number of slots, or unlimited.</summary>
/// <remarks>
/// An immutable value; equality compares the limit. The default value is an allowance of zero
/// slots, which is valid (a plan may allow no connected apps). Thread-safe.
/// </remarks>
public readonly record struct SlotAllowance
{
    private readonly int _slots;
    private readonly bool _unlimited;

    private SlotAllowance(int slots, bool unlimited)
    {
        _slots = slots;
        _unlimited = unlimited;
    }

    /// <summary>An allowance with no limit.</summary>
    public static SlotAllowance Unlimited { get; } = new(0, unlimited: true);

    /// <summary>Whether this allowance has no limit.</summary>
    public bool IsUnlimited => _unlimited;

    /// <summary>The number of slots, or null when <see cref="IsUnlimited"/>.</summary>
    public int? Slots => _unlimited ? null : _slots;

    /// <summary>Creates an allowance of a whole number of slots.</summary>
    /// <param name="slots">Zero or more.</param>
    /// <returns>The allowance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slots"/> is negative.</exception>
    public static SlotAllowance Of(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        return new SlotAllowance(slots, unlimited: false);
    }

    /// <summary>Whether this allowance covers <paramref name="slotsInUse"/> slots.</summary>
    /// <param name="slotsInUse">A slot count, zero or more.</param>
    /// <returns><see langword="true"/> when the count is within the allowance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slotsInUse"/> is negative.</exception>
    public bool Covers(int slotsInUse)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slotsInUse);
        return _unlimited || slotsInUse <= _slots;
    }

    /// <summary>How many slots would have to be freed for <paramref name="slotsInUse"/> to fit; zero when it fits.</summary>
    /// <param name="slotsInUse">A slot count, zero or more.</param>
    /// <returns>The excess, zero or more.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slotsInUse"/> is negative.</exception>
    public int Excess(int slotsInUse) => Covers(slotsInUse) ? 0 : slotsInUse - _slots;

    /// <summary>Whether this allowance is strictly larger than <paramref name="other"/>.</summary>
    /// <param name="other">The allowance to compare with.</param>
    /// <returns><see langword="true"/> when this one allows more slots.</returns>
    public bool IsGreaterThan(SlotAllowance other) =>
        !other._unlimited && (_unlimited || _slots > other._slots);

    /// <summary>Formats the allowance as <c>unlimited</c> or the slot count.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _unlimited ? "unlimited" : _slots.ToString(CultureInfo.InvariantCulture);
}
