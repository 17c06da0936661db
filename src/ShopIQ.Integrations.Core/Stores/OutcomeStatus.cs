namespace ShopIQ.Integrations.Core;

/// <summary>
/// What an operation did, or why it did nothing: the one vocabulary of results, shared by <see cref="Store"/> and
/// the connected-apps service. Each operation has one success word; the refusals say why nothing changed.
/// </summary>
/// <remarks>
/// The store answers the values up to <see cref="InsufficientAiCredits"/>; the service answers the same values for the
/// same cases, and adds the ones after it (<see cref="StoreOpened"/> onwards), which only a service can meet: no store,
/// no adapter, a provider that refused or failed, a retry key in use, writers that kept colliding. The table of which
/// operation answers what is in the repository's docs/results.md. Values are persisted by name; never rename one.
/// </remarks>
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

    /// <summary>The store is open on its plan, with no app (success of opening a store).</summary>
    StoreOpened,

    /// <summary>The provider was asked about the connection and nothing needed to change (success of a health check).</summary>
    HealthChecked,

    /// <summary>No store with that id exists; nothing ran.</summary>
    StoreNotFound,

    /// <summary>A store with that id already exists; nothing ran.</summary>
    StoreAlreadyExists,

    /// <summary>No adapter is registered for the provider, and it is not a native feature; nothing ran.</summary>
    ProviderNotRegistered,

    /// <summary>The provider refused the connection (for example, wrong credentials); nothing holds a slot for it.</summary>
    ProviderRefused,

    /// <summary>The provider's adapter failed or did not answer in time; nothing holds a slot for it.</summary>
    ProviderFailed,

    /// <summary>A connect with the same idempotency key is still waiting for its provider; its slot is reserved.</summary>
    InProgress,

    /// <summary>The idempotency key was already used on this store for another command; nothing ran.</summary>
    KeyReused,

    /// <summary>Other callers changed the store on every attempt, up to the retry limit; nothing was saved. Try again.</summary>
    Conflict,

    /// <summary>
    /// The connected-apps service refused an acknowledgement token before asking the store: it is malformed, forged or altered,
    /// expired, or for another store or app; the message says which. Nothing changed: assess the impact again (R8). A good
    /// token on an earlier state of the store is <see cref="AcknowledgementStale"/>, as a typed acknowledgement would be.
    /// </summary>
    AcknowledgementInvalid,

    /// <summary>
    /// The provider answered a connect, but its answer could not be saved (storage failed or kept failing, or the store kept
    /// changing): the reserved slot stays held until its reservation's deadline, when any instance's sweep frees it and tells
    /// the provider to let go (R6). A resend with the same key answers <see cref="InProgress"/> until then, and
    /// <see cref="ReservationExpired"/> after; connect again with a new key once the deadline has passed.
    /// </summary>
    Unsettled,
}

/// <summary>What the statuses mean as a whole.</summary>
internal static class OutcomeStatuses
{
    /// <summary>
    /// Whether the operation did what was asked: every success word, and <see cref="OutcomeStatus.AlreadyConnected"/>
    /// (a repeated connect is not an error, R4). False for every refusal.
    /// </summary>
    internal static bool IsSuccess(this OutcomeStatus status) => status is OutcomeStatus.Connected or OutcomeStatus.Reserved
        or OutcomeStatus.Activated or OutcomeStatus.Released or OutcomeStatus.Disconnected or OutcomeStatus.Replaced
        or OutcomeStatus.PlanChanged or OutcomeStatus.AllowanceRaised or OutcomeStatus.AllowanceKept or OutcomeStatus.ActivityRecorded
        or OutcomeStatus.MarkedNeedsAttention or OutcomeStatus.Reconnected or OutcomeStatus.AiCreditsUsed
        or OutcomeStatus.AlreadyConnected or OutcomeStatus.StoreOpened or OutcomeStatus.HealthChecked;
}
