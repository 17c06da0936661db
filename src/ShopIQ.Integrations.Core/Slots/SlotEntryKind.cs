namespace ShopIQ.Integrations.Core;

/// <summary>What a <see cref="SlotLedgerEntry"/> records.</summary>
public enum SlotEntryKind
{
    /// <summary>The store opened on a plan: the first entry of every ledger.</summary>
    Opened,

    /// <summary>An app was connected and is active: one slot taken.</summary>
    Connected,

    /// <summary>A pending reservation was made: one slot taken until a deadline (R6).</summary>
    Reserved,

    /// <summary>A pending reservation became active: no slot change.</summary>
    Activated,

    /// <summary>A pending reservation failed or was cancelled: one slot freed.</summary>
    Released,

    /// <summary>A pending reservation passed its deadline: one slot freed.</summary>
    Expired,

    /// <summary>An app was disconnected: one slot freed (R7).</summary>
    Disconnected,

    /// <summary>An app was replaced by another in the same slot: no slot change (R10).</summary>
    Replaced,

    /// <summary>The store changed plan: the allowance may change (R12).</summary>
    PlanChanged,

    /// <summary>A catalog edit raised the plan's allowance and the store was granted it (R13).</summary>
    AllowanceRaised,

    /// <summary>An app was marked as needing attention: no slot change (R17).</summary>
    MarkedNeedsAttention,

    /// <summary>An app got new credentials in place: no slot change (R4, R17).</summary>
    Reconnected,

    /// <summary>Activity through an app was recorded: no slot change (R11).</summary>
    ActivityRecorded,

    /// <summary>AI credits were used: no slot change (R14).</summary>
    AiCreditsUsed,
}
