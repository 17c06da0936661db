namespace ShopIQ.Integrations.Core;

/// <summary>What a merchant can do when a connect is refused at the limit (R11).</summary>
/// <remarks>
/// Immutable and thread-safe. <see cref="Options"/> come in the rule's order: disconnect an unused app,
/// replace an existing app, upgrade, contact support. An option with nothing to offer (no unused app,
/// no bigger plan) is left out; contacting support is always there.
/// </remarks>
public sealed class LimitGuidance : OutcomeDetails
{
    internal LimitGuidance(int slotsInUse, SlotAllowance allowance, IReadOnlyList<LimitOption> options)
    {
        SlotsInUse = slotsInUse;
        Allowance = allowance;
        Options = [.. options];
    }

    /// <summary>The slots in use when the connect was refused.</summary>
    public int SlotsInUse { get; }

    /// <summary>The allowance in force.</summary>
    public SlotAllowance Allowance { get; }

    /// <summary>The options, in order.</summary>
    public IReadOnlyList<LimitOption> Options { get; }

    /// <inheritdoc />
    public override string ToString() =>
        (Allowance.Slots == 0 ? "The plan includes no connected apps. " : $"All {SlotsInUse} of {Allowance} slots are in use. ")
        + string.Join(" ", Options.Select((o, i) => $"{i + 1}. {o.Description}"));
}
