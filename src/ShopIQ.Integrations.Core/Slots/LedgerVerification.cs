namespace ShopIQ.Integrations.Core;

/// <summary>The result of <see cref="SlotLedger.Verify"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class LedgerVerification
{
    internal LedgerVerification(IReadOnlyList<LedgerViolation> violations) => Violations = violations;

    /// <summary>Whether the ledger is gap-free, in order and never over the allowance.</summary>
    public bool IsValid => Violations.Count == 0;

    /// <summary>Every problem found, in ledger order.</summary>
    public IReadOnlyList<LedgerViolation> Violations { get; }

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : string.Join("; ", Violations);
}
