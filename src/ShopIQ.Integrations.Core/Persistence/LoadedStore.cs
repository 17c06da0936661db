using ShopIQ.Integrations.Core.Slots;

namespace ShopIQ.Integrations.Core.Persistence;

/// <summary>What a store repository read for one command: the store's ledger and the record of the command's idempotency key.</summary>
/// <remarks>Immutable. Either may be null: a store that does not exist yet, a key not used before.</remarks>
public sealed class LoadedStore
{
    /// <summary>Creates the result of a read.</summary>
    /// <param name="ledger">The store's ledger, or null if the store does not exist.</param>
    /// <param name="record">The key's record, or null.</param>
    public LoadedStore(SlotLedger? ledger, IdempotencyRecord? record)
    {
        Ledger = ledger;
        Record = record;
    }

    /// <summary>The store's ledger, or null if the store does not exist.</summary>
    public SlotLedger? Ledger { get; }

    /// <summary>The key's record, or null if the key was not used on this store (or no key was asked for).</summary>
    public IdempotencyRecord? Record { get; }

    /// <summary>The version read: the ledger's last sequence, or 0 when the store does not exist.</summary>
    public long Version => Ledger?.LastSequence ?? 0;
}
