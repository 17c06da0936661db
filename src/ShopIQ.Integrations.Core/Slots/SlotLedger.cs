using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
namespace ShopIQ.Integrations.Core;

/// <summary>The append-only history of every slot change of one store: the truth a store is rebuilt from (R15).</summary>
/// <remarks>
/// Only its <see cref="Store"/> appends, so a ledger read from a store is always gap-free and in order.
/// A ledger loaded with <see cref="FromEntries"/> is taken as it is; <see cref="Verify"/> reports what is
/// wrong with it. Not thread-safe for writing; its store is not either (see <see cref="Store"/>).
/// </remarks>
public sealed class SlotLedger
{
    private readonly List<SlotLedgerEntry> _entries;

    private SlotLedger(StoreId storeId, List<SlotLedgerEntry> entries, long startsAfter)
    {
        StoreId = storeId;
        StartsAfter = startsAfter;
        _entries = entries;
        Entries = entries.AsReadOnly();
    }

    /// <summary>The store whose ledger this is.</summary>
    public StoreId StoreId { get; }

    /// <summary>The entries, oldest first.</summary>
    public IReadOnlyList<SlotLedgerEntry> Entries { get; }

    /// <summary>The sequence number of the last entry; <see cref="StartsAfter"/> (zero for a whole ledger) when empty.</summary>
    public long LastSequence => _entries.Count == 0 ? StartsAfter : _entries[^1].Sequence;

    /// <summary>
    /// Zero for a whole ledger. For the ledger of a store rebuilt from a snapshot, the version of that snapshot: the
    /// ledger then holds only the entries after it, and the whole ledger is the repository's to read.
    /// </summary>
    public long StartsAfter { get; }

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

        return new SlotLedger(storeId, list, 0);
    }

    /// <summary>
    /// Checks the whole ledger: it is not empty and opens once at sequence 1, sequences have no gap, sequences and instants
    /// never go back, the slots recorded match the entries before them, no entry is over its allowance (R3), and plan,
    /// allowance and AI credits change only through the entries that may change them (R13, R14), and no entry starts a
    /// connection with the id of one still holding a slot. (Starting entries without an id were written before connections
    /// had ids, and are sound.)
    /// </summary>
    /// <returns>The problems found; valid when none. A ledger that starts after a snapshot (<see cref="StartsAfter"/>) is never valid: its entries are checked against each other, and its start is reported as not opened.</returns>
    public LedgerVerification Verify()
    {
        var violations = new List<LedgerViolation>();
        if (StartsAfter > 0)
        {
            violations.Add(new(StartsAfter, LedgerViolationKind.NotOpened, $"This ledger holds only the entries after {StartsAfter}, the version of the snapshot its store was rebuilt from; verify the whole ledger instead."));
            for (var i = 1; i < _entries.Count; i++)
            {
                Check(_entries[i - 1], _entries[i], violations);
            }

            return new LedgerVerification(violations.AsReadOnly());
        }

        if (_entries.Count == 0)
        {
            violations.Add(new(0, LedgerViolationKind.NotOpened, "The ledger is empty; every store's ledger starts with Opened."));
        }

        SlotLedgerEntry? previous = null;
        var live = new Dictionary<ProviderKey, ConnectionId>();
        foreach (var entry in _entries)
        {
            Check(previous, entry, violations);
            CheckConnectionId(entry, live, violations);
            previous = entry;
        }

        return new LedgerVerification(violations.AsReadOnly());
    }

    /// <summary>Follows which connection id each provider holds, and reports a start with an id still held.</summary>
    private static void CheckConnectionId(SlotLedgerEntry entry, Dictionary<ProviderKey, ConnectionId> live, List<LedgerViolation> violations)
    {
        switch (entry.Kind)
        {
            case SlotEntryKind.Opened:
                live.Clear();
                return;
            case SlotEntryKind.Released or SlotEntryKind.Expired or SlotEntryKind.Disconnected or SlotEntryKind.Replaced:
                live.Remove(entry.Provider!);
                break;
        }

        if (SlotLedgerEntry.StartsConnection(entry.Kind) && entry.ConnectionId is { } id)
        {
            foreach (var (provider, held) in live)
            {
                if (held == id)
                {
                    violations.Add(new(entry.Sequence, LedgerViolationKind.ConnectionIdInUse, $"Entry {entry.Sequence} starts connection {id}, which '{provider}' still holds."));
                    break;
                }
            }

            live[entry.Descriptor!.Key] = id;
        }
    }

    internal static SlotLedger Empty(StoreId storeId) => new(storeId, [], 0);

    /// <summary>An empty ledger that goes on from <paramref name="version"/>: the entries a store appends after its snapshot.</summary>
    internal static SlotLedger After(StoreId storeId, long version) => new(storeId, [], version);

    /// <summary>The entries as a span, for the replay's single pass; valid until the next append.</summary>
    internal ReadOnlySpan<SlotLedgerEntry> AsSpan() => CollectionsMarshal.AsSpan(_entries);

    /// <summary>
    /// Checks one entry against the one before it (null for the first): the single definition of a sound entry,
    /// used by <see cref="Verify"/> and by <see cref="Store.FromLedger"/>'s replay, which checks each entry as it
    /// applies it so that a ledger is read once.
    /// </summary>
    /// <remarks>
    /// The text of a problem is built in <see cref="Describe"/>, called only for an entry that fails: kept out of
    /// this method, the string formatting costs a sound entry nothing (no large stack frame to clear per entry).
    /// </remarks>
    /// <param name="previous">The entry before, or null.</param>
    /// <param name="entry">The entry.</param>
    /// <param name="violations">Where to report problems; null to only learn whether there is one.</param>
    /// <returns>Whether the entry is sound.</returns>
    internal static bool Check(SlotLedgerEntry? previous, SlotLedgerEntry entry, List<LedgerViolation>? violations)
    {
        var sound = true;
        if ((entry.Kind == SlotEntryKind.Opened) != (previous is null))
        {
            sound = Report(violations, Problem.Opening, previous, entry);
        }

        if (previous is not null)
        {
            if (entry.Sequence > previous.Sequence + 1)
            {
                sound = Report(violations, Problem.Gap, previous, entry);
            }
            else if (entry.Sequence <= previous.Sequence)
            {
                sound = Report(violations, Problem.SequenceBack, previous, entry);
            }

            if (entry.At < previous.At)
            {
                sound = Report(violations, Problem.InstantBack, previous, entry);
            }

            if (!AllowanceExplained(previous, entry) || !CreditsExplained(previous, entry))
            {
                sound = Report(violations, Problem.Unexplained, previous, entry);
            }
        }
        else if (entry.Sequence != 1)
        {
            sound = Report(violations, Problem.FirstNotOne, previous, entry);
        }

        // The running count: the entries before add up to the previous entry's count, or that count is itself reported.
        if (Counted(previous, entry) != entry.SlotsInUse)
        {
            sound = Report(violations, Problem.Count, previous, entry);
        }

        if (!entry.Allowance.Covers(entry.SlotsInUse))
        {
            sound = Report(violations, Problem.OverAllowance, previous, entry);
        }

        return sound;
    }

    /// <summary>The slots in use after <paramref name="entry"/> by the running count: none after Opened, else the previous count plus the entry's delta.</summary>
    private static int Counted(SlotLedgerEntry? previous, SlotLedgerEntry entry) =>
        entry.Kind == SlotEntryKind.Opened ? 0 : (previous?.SlotsInUse ?? 0) + SlotLedgerEntry.SlotDelta(entry.Kind);

    /// <summary>Plan and allowance move only by a plan change, or by a raise of the same plan's allowance (R13).</summary>
    private static bool AllowanceExplained(SlotLedgerEntry previous, SlotLedgerEntry entry) => entry.Kind switch
    {
        SlotEntryKind.Opened or SlotEntryKind.PlanChanged => true,
        SlotEntryKind.AllowanceRaised => entry.PlanId == previous.PlanId && entry.Allowance.IsGreaterThan(previous.Allowance),
        _ => entry.PlanId == previous.PlanId && entry.Allowance == previous.Allowance,
    };

    /// <summary>AI credits move only down, and only by AI use (R14).</summary>
    private static bool CreditsExplained(SlotLedgerEntry previous, SlotLedgerEntry entry) => entry.Kind switch
    {
        SlotEntryKind.Opened => true,
        SlotEntryKind.AiCreditsUsed => entry.AiCreditBalance < previous.AiCreditBalance,
        _ => entry.AiCreditBalance == previous.AiCreditBalance,
    };

    /// <summary>Adds the problem's violation when there is a list to add it to; always answers false (not sound).</summary>
    private static bool Report(List<LedgerViolation>? violations, Problem problem, SlotLedgerEntry? previous, SlotLedgerEntry entry)
    {
        violations?.Add(Describe(problem, previous, entry));
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LedgerViolation Describe(Problem problem, SlotLedgerEntry? previous, SlotLedgerEntry entry) => problem switch
    {
        Problem.Opening => new(entry.Sequence, LedgerViolationKind.NotOpened, previous is null
            ? $"The ledger starts with {entry.Kind}, not Opened."
            : "The store opens a second time."),
        Problem.Gap => new(entry.Sequence, LedgerViolationKind.Gap, $"Entries {previous!.Sequence + 1} to {entry.Sequence - 1} are missing."),
        Problem.SequenceBack => new(entry.Sequence, LedgerViolationKind.Reordered, $"Entry {entry.Sequence} comes after entry {previous!.Sequence}."),
        Problem.InstantBack => new(entry.Sequence, LedgerViolationKind.Reordered, $"Entry {entry.Sequence} at {entry.At} is earlier than entry {previous!.Sequence} at {previous.At}."),
        Problem.Unexplained => new(entry.Sequence, LedgerViolationKind.UnexplainedChange, $"Entry {entry.Sequence} ({entry.Kind}) {Unexplained(previous!, entry)}."),
        Problem.FirstNotOne => new(entry.Sequence, LedgerViolationKind.Gap, $"The ledger starts at {entry.Sequence}, not 1."),
        Problem.Count => new(entry.Sequence, LedgerViolationKind.SlotCountMismatch, $"Entry {entry.Sequence} records {entry.SlotsInUse} slots in use; the entries add up to {Counted(previous, entry)}."),
        _ => new(entry.Sequence, LedgerViolationKind.OverAllowance, $"Entry {entry.Sequence} has {entry.SlotsInUse} slots in use over an allowance of {entry.Allowance}."),
    };

    /// <summary>What an entry changes that its kind cannot: plan and allowance move only by plan change or raise, credits only down by AI use.</summary>
    private static string Unexplained(SlotLedgerEntry previous, SlotLedgerEntry entry) =>
        AllowanceExplained(previous, entry) ? $"moves the AI-credit balance from {previous.AiCreditBalance} to {entry.AiCreditBalance}"
        : entry.Kind == SlotEntryKind.AllowanceRaised ? $"does not raise the allowance of plan '{previous.PlanId}' ({previous.Allowance} to {entry.Allowance}, plan '{entry.PlanId}')"
        : $"changes the plan or allowance from '{previous.PlanId}' {previous.Allowance} to '{entry.PlanId}' {entry.Allowance}";

    /// <summary>Takes every entry of <paramref name="source"/>, which the caller has checked follows on from this ledger.</summary>
    internal void AppendChecked(SlotLedger source) => _entries.AddRange(source._entries);

    internal void Append(SlotLedgerEntry entry)
    {
        if (entry.Sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"Ledger of store '{StoreId}' expected entry {LastSequence + 1}, got {entry.Sequence}.");
        }

        _entries.Add(entry);
    }

    /// <summary>What <see cref="Check"/> found wrong with an entry.</summary>
    private enum Problem
    {
        Opening,
        Gap,
        SequenceBack,
        InstantBack,
        Unexplained,
        FirstNotOne,
        Count,
        OverAllowance,
    }
}
