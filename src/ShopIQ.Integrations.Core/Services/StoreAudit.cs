namespace ShopIQ.Integrations.Core;

/// <summary>
/// What an audit of one store found (<see cref="ConnectedAppsService.VerifyAsync"/>): whether its whole ledger verifies
/// (R15), and whether its snapshot holds what replaying the ledger gives.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class StoreAudit
{
    internal StoreAudit(StoreId store, long ledgerVersion, LedgerVerification verification, long? snapshotVersion, bool snapshotMatches, bool snapshotRewritten, string? problem)
    {
        Store = store;
        LedgerVersion = ledgerVersion;
        Verification = verification;
        SnapshotVersion = snapshotVersion;
        SnapshotMatches = snapshotMatches;
        SnapshotRewritten = snapshotRewritten;
        Problem = problem;
    }

    /// <summary>The store.</summary>
    public StoreId Store { get; }

    /// <summary>The sequence number of the ledger's last entry.</summary>
    public long LedgerVersion { get; }

    /// <summary>The verification of the whole ledger.</summary>
    public LedgerVerification Verification { get; }

    /// <summary>The version of the snapshot the store had, or null when it had none (or the ledger does not verify).</summary>
    public long? SnapshotVersion { get; }

    /// <summary>Whether the snapshot holds exactly what replaying the ledger gives.</summary>
    public bool SnapshotMatches { get; }

    /// <summary>Whether a snapshot that did not match was replaced by the ledger's (false when the store moved on meanwhile: its next save writes one).</summary>
    public bool SnapshotRewritten { get; }

    /// <summary>What was wrong with the snapshot or the ledger, or null when nothing was.</summary>
    public string? Problem { get; }

    /// <summary>Whether the ledger verifies and the snapshot matches it.</summary>
    public bool IsSound => Verification.IsValid && SnapshotMatches;

    /// <inheritdoc />
    public override string ToString() =>
        IsSound ? $"Store {Store}: ledger of {LedgerVersion} entries verifies, snapshot matches." : $"Store {Store}: {Problem}{(SnapshotRewritten ? "; the snapshot was rebuilt from the ledger" : "")}.";
}
