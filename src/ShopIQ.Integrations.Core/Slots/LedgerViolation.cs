namespace ShopIQ.Integrations.Core;

/// <summary>One problem <see cref="SlotLedger.Verify"/> found.</summary>
/// <param name="Sequence">The sequence number of the entry at fault; 0 when the ledger is empty.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Description">A sentence for a person.</param>
public sealed record LedgerViolation(long Sequence, LedgerViolationKind Kind, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Kind}: {Description}";
}
