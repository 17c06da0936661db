namespace ShopIQ.Integrations.Core.Stores;

/// <summary>What a <see cref="Store"/> operation did, or why it did nothing.</summary>
public enum OutcomeStatus
{
    /// <summary>The app is connected and active; one slot taken.</summary>
    Connected,

    /// <summary>A pending reservation holds a slot until the setup completes (R6).</summary>
    Reserved,

    /// <summary>The pending setup completed; the app is active.</summary>
    Activated,

    /// <summary>The pending setup failed or was cancelled; its slot is free.</summary>
    Released,

    /// <summary>The app is disconnected; its slot is free at once (R7).</summary>
    Disconnected,

    /// <summary>One app replaced another in the same slot (R10).</summary>
    Replaced,

    /// <summary>The store is on the new plan (R12).</summary>
    PlanChanged,

    /// <summary>A catalog edit raised the store's allowance (R13).</summary>
    AllowanceRaised,

    /// <summary>A catalog edit did not raise the store's allowance, which stays as granted (R13).</summary>
    AllowanceKept,

    /// <summary>Activity through the app was recorded.</summary>
    ActivityRecorded,

    /// <summary>The app is marked as needing attention; it keeps its slot (R17).</summary>
    MarkedNeedsAttention,

    /// <summary>The app has new credentials in place: same connection, same slot (R4, R17).</summary>
    Reconnected,

    /// <summary>AI credits were used (R14).</summary>
    AiCreditsUsed,

    /// <summary>The provider is already connected; no second slot was taken (R4).</summary>
    AlreadyConnected,

    /// <summary>Every slot is in use; see the guidance (R11).</summary>
    LimitReached,

    /// <summary>The key names a native ShopIQ feature, which is never a connected app (R2).</summary>
    NativeFeature,

    /// <summary>The provider cannot be connected now (R16).</summary>
    ProviderUnavailable,

    /// <summary>The setup is missing or invalid; see the reasons per field (R5).</summary>
    SetupInvalid,

    /// <summary>The provider cannot be disconnected self-service; see the support route (R7).</summary>
    NotSupported,

    /// <summary>The app is in a critical category: acknowledge its impact assessment first (R8).</summary>
    AcknowledgementRequired,

    /// <summary>The acknowledgement was made on an earlier state of the store: re-assess (R8).</summary>
    AcknowledgementStale,

    /// <summary>The new plan's allowance is below the slots in use: some apps must go first (R12).</summary>
    DowngradeNeedsDisconnects,

    /// <summary>The store has no such app.</summary>
    NotConnected,

    /// <summary>The app is not pending, so there is no setup to complete or release.</summary>
    NotPending,

    /// <summary>The pending reservation had expired before the setup completed; its slot was freed (R6).</summary>
    ReservationExpired,

    /// <summary>The app's state does not allow the operation, for example marking a pending app as needing attention.</summary>
    WrongState,

    /// <summary>The catalog has no such plan.</summary>
    UnknownPlan,

    /// <summary>The AI-credit balance is too low for the use.</summary>
    InsufficientAiCredits,

    /// <summary>
    /// The connected-apps service refused an acknowledgement token before asking the store: it is malformed, forged or altered,
    /// expired, or for another store or app; the message says which. Nothing changed: assess the impact again (R8). A good
    /// token on an earlier state of the store is <see cref="AcknowledgementStale"/>, as a typed acknowledgement would be.
    /// </summary>
    AcknowledgementInvalid,
}
