namespace ShopIQ.Integrations.Core;

/// <summary>What is wrong with a ledger entry (R15).</summary>
public enum LedgerViolationKind
{
    /// <summary>The ledger does not start with an <see cref="SlotEntryKind.Opened"/> entry at sequence 1, or opens twice.</summary>
    NotOpened,

    /// <summary>One or more sequence numbers are missing before this entry.</summary>
    Gap,

    /// <summary>The entry's sequence or instant is earlier than the entry before it.</summary>
    Reordered,

    /// <summary>The slots in use after the entry exceed the allowance in force (R3).</summary>
    OverAllowance,

    /// <summary>The slots in use recorded disagree with the count the entries before it add up to.</summary>
    SlotCountMismatch,

    /// <summary>
    /// The entry changes something its kind cannot: the plan or allowance outside an opening, plan change or
    /// allowance raise (or an "allowance raise" that does not raise it), or the AI-credit balance other than
    /// down through AI use (R3, R13, R14).
    /// </summary>
    UnexplainedChange,

    /// <summary>The entry starts a connection with the <see cref="ConnectionId"/> of a connection still holding a slot.</summary>
    ConnectionIdInUse,
}
