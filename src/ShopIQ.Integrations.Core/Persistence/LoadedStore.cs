using System.Collections.ObjectModel;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// What a store repository read for one command: the store's latest snapshot, the ledger entries after it, and the
/// record of the command's idempotency key.
/// </summary>
/// <remarks>
/// Immutable. A repository that writes its snapshot with every change (both of this library's do) answers with the
/// snapshot and no entries; one without a snapshot for the store answers with the whole ledger as the entries. A
/// store that does not exist has neither. The record may be null: a key not used before, or none asked for.
/// </remarks>
public sealed class LoadedStore
{
    /// <summary>Creates the result of a read.</summary>
    /// <param name="snapshot">The store's latest snapshot, or null if it has none (or does not exist).</param>
    /// <param name="entries">The ledger entries after the snapshot (the whole ledger without one), oldest first; empty when there are none.</param>
    /// <param name="record">The key's record, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null or holds a null.</exception>
    /// <exception cref="ArgumentException">The entries do not follow on from the snapshot's version one by one.</exception>
    public LoadedStore(StoreSnapshot? snapshot, IEnumerable<SlotLedgerEntry> entries, IdempotencyRecord? record)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries as SlotLedgerEntry[] ?? entries.ToArray();
        var after = snapshot?.Version ?? 0;
        for (var i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], nameof(entries));
            if (list[i].Sequence != after + i + 1)
            {
                throw new ArgumentException($"Entry {i} has sequence {list[i].Sequence}; expected {after + i + 1}, numbered on from {(snapshot is null ? "the start" : "the snapshot")}.", nameof(entries));
            }
        }

        Snapshot = snapshot;
        Entries = list.Length == 0 ? ReadOnlyCollection<SlotLedgerEntry>.Empty : Array.AsReadOnly(list);
        Record = record;
    }

    /// <summary>The store's latest snapshot, or null.</summary>
    public StoreSnapshot? Snapshot { get; }

    /// <summary>The ledger entries after <see cref="Snapshot"/>, or the whole ledger when there is no snapshot.</summary>
    public IReadOnlyList<SlotLedgerEntry> Entries { get; }

    /// <summary>The key's record, or null if the key was not used on this store (or no key was asked for).</summary>
    public IdempotencyRecord? Record { get; }

    /// <summary>Whether the store exists.</summary>
    public bool Exists => Snapshot is not null || Entries.Count > 0;

    /// <summary>The version read: the last entry's sequence, else the snapshot's version, or 0 when the store does not exist.</summary>
    public long Version => Entries.Count > 0 ? Entries[^1].Sequence : Snapshot?.Version ?? 0;
}
