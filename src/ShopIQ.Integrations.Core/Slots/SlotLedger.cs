using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Slots;

/// <summary>The append-only history of every slot change of one store: the truth a store is rebuilt from (R15).</summary>
/// <remarks>
/// Only its <see cref="Store"/> appends, so a ledger read from a store is always gap-free and in order.
/// A ledger loaded with <see cref="FromEntries"/> is taken as it is; <see cref="Verify"/> reports what is
/// wrong with it. Not thread-safe for writing; its store is not either (see <see cref="Store"/>).
/// </remarks>
public sealed class SlotLedger
{
    private readonly List<SlotLedgerEntry> _entries;

    private SlotLedger(StoreId storeId, List<SlotLedgerEntry> entries)
    {
        StoreId = storeId;
        _entries = entries;
        Entries = entries.AsReadOnly();
    }

    /// <summary>The store whose ledger this is.</summary>
    public StoreId StoreId { get; }

    /// <summary>The entries, oldest first.</summary>
    public IReadOnlyList<SlotLedgerEntry> Entries { get; }

    /// <summary>The sequence number of the last entry; zero when empty.</summary>
    public long LastSequence => _entries.Count == 0 ? 0 : _entries[^1].Sequence;

    /// <summary>Creates a ledger from stored entries, as they are, for <see cref="Verify"/> or <see cref="Store.FromLedger"/>.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="entries">The entries in stored order.</param>
    /// <returns>The ledger.</returns>
    /// <exception cref="ArgumentNullException">An argument or an entry is null.</exception>
    public static SlotLedger FromEntries(StoreId storeId, IEnumerable<SlotLedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(storeId);
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        if (list.Exists(e => e is null))
        {
            throw new ArgumentNullException(nameof(entries), "A ledger entry is null.");
        }

        return new SlotLedger(storeId, list);
    }

    /// <summary>
    /// Checks the whole ledger: it is not empty and opens once at sequence 1, sequences have no gap, sequences and instants
    /// never go back, the slots recorded match the entries before them, no entry is over its allowance (R3), and plan,
    /// allowance and AI credits change only through the entries that may change them (R13, R14).
    /// </summary>
    /// <returns>The problems found; valid when none.</returns>
    public LedgerVerification Verify()
    {
        var violations = new List<LedgerViolation>();
        if (_entries.Count == 0)
        {
            violations.Add(new(0, LedgerViolationKind.NotOpened, "The ledger is empty; every store's ledger starts with Opened."));
        }

        SlotLedgerEntry? previous = null;
        var counted = 0;
        foreach (var entry in _entries)
        {
            if ((entry.Kind == SlotEntryKind.Opened) != (previous is null))
            {
                violations.Add(new(entry.Sequence, LedgerViolationKind.NotOpened, previous is null
                    ? $"The ledger starts with {entry.Kind}, not Opened."
                    : "The store opens a second time."));
            }

            if (previous is not null)
            {
                if (entry.Sequence > previous.Sequence + 1)
                {
                    violations.Add(new(entry.Sequence, LedgerViolationKind.Gap, $"Entries {previous.Sequence + 1} to {entry.Sequence - 1} are missing."));
                }
                else if (entry.Sequence <= previous.Sequence)
                {
                    violations.Add(new(entry.Sequence, LedgerViolationKind.Reordered, $"Entry {entry.Sequence} comes after entry {previous.Sequence}."));
                }

                if (entry.At < previous.At)
                {
                    violations.Add(new(entry.Sequence, LedgerViolationKind.Reordered, $"Entry {entry.Sequence} at {entry.At} is earlier than entry {previous.Sequence} at {previous.At}."));
                }

                if (Unexplained(previous, entry) is { } change)
                {
                    violations.Add(new(entry.Sequence, LedgerViolationKind.UnexplainedChange, $"Entry {entry.Sequence} ({entry.Kind}) {change}."));
                }
            }
            else if (entry.Sequence != 1)
            {
                violations.Add(new(entry.Sequence, LedgerViolationKind.Gap, $"The ledger starts at {entry.Sequence}, not 1."));
            }

            counted = entry.Kind == SlotEntryKind.Opened ? 0 : counted + SlotLedgerEntry.SlotDelta(entry.Kind);
            if (counted != entry.SlotsInUse)
            {
                violations.Add(new(entry.Sequence, LedgerViolationKind.SlotCountMismatch, $"Entry {entry.Sequence} records {entry.SlotsInUse} slots in use; the entries add up to {counted}."));
                counted = entry.SlotsInUse;
            }

            if (!entry.Allowance.Covers(entry.SlotsInUse))
            {
                violations.Add(new(entry.Sequence, LedgerViolationKind.OverAllowance, $"Entry {entry.Sequence} has {entry.SlotsInUse} slots in use over an allowance of {entry.Allowance}."));
            }

            previous = entry;
        }

        return new LedgerVerification(violations.AsReadOnly());
    }

    internal static SlotLedger Empty(StoreId storeId) => new(storeId, []);

    /// <summary>What an entry changes that its kind cannot, or null: plan and allowance move only by plan change or raise, credits only down by AI use.</summary>
    private static string? Unexplained(SlotLedgerEntry previous, SlotLedgerEntry entry)
    {
        var allowanceChanged = entry.Allowance != previous.Allowance || entry.PlanId != previous.PlanId;
        switch (entry.Kind)
        {
            case SlotEntryKind.Opened or SlotEntryKind.PlanChanged:
                break;
            case SlotEntryKind.AllowanceRaised when entry.PlanId != previous.PlanId || !entry.Allowance.IsGreaterThan(previous.Allowance):
                return $"does not raise the allowance of plan '{previous.PlanId}' ({previous.Allowance} to {entry.Allowance}, plan '{entry.PlanId}')";
            case SlotEntryKind.AllowanceRaised:
                break;
            default:
                if (allowanceChanged)
                {
                    return $"changes the plan or allowance from '{previous.PlanId}' {previous.Allowance} to '{entry.PlanId}' {entry.Allowance}";
                }

                break;
        }

        if (entry.Kind == SlotEntryKind.AiCreditsUsed ? entry.AiCreditBalance >= previous.AiCreditBalance : entry.Kind != SlotEntryKind.Opened && entry.AiCreditBalance != previous.AiCreditBalance)
        {
            return $"moves the AI-credit balance from {previous.AiCreditBalance} to {entry.AiCreditBalance}";
        }

        return null;
    }

    internal void Append(SlotLedgerEntry entry)
    {
        if (entry.Sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"Ledger of store '{StoreId}' expected entry {LastSequence + 1}, got {entry.Sequence}.");
        }

        _entries.Add(entry);
    }
}
