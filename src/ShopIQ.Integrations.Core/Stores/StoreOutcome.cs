using ShopIQ.Integrations.Core.Impact;
using ShopIQ.Integrations.Core.Plans;
using ShopIQ.Integrations.Core.Providers;

namespace ShopIQ.Integrations.Core.Stores;

/// <summary>
/// What a <see cref="Store"/> operation did, or why it did nothing: an expected business outcome the
/// caller must inspect, never an exception (after NodaTime's <c>ParseResult</c>).
/// </summary>
/// <remarks>
/// Immutable and thread-safe. <see cref="Status"/> says what happened; the other properties carry the
/// details that status has (guidance at the limit, reasons per setup field, the impact assessment, the
/// number of apps that must go) and are empty or null otherwise. <see cref="Message"/> says it in a
/// sentence a merchant-support engineer can pass on; it never contains a setup value.
/// </remarks>
public sealed class StoreOutcome
{
    // The busiest outcomes (connected, disconnected) describe themselves only when Message is read, and the
    // details few statuses have live in one object made only for them: a store answers every operation with an
    // outcome, most callers read its Status, and issue 5 counts every byte of a connect + disconnect pair.
    private readonly Func<StoreOutcome, string>? _describe;
    private string? _message;
    private Details? _details;

    internal StoreOutcome(OutcomeStatus status, string message)
    {
        Status = status;
        _message = message;
    }

    /// <summary>An outcome whose message <paramref name="describe"/> writes on first read (a static lambda: it must not capture).</summary>
    internal StoreOutcome(OutcomeStatus status, Func<StoreOutcome, string> describe)
    {
        Status = status;
        _describe = describe;
    }

    /// <summary>What happened.</summary>
    public OutcomeStatus Status { get; }

    /// <summary>
    /// Whether the operation did what was asked. True for state changes and for
    /// <see cref="OutcomeStatus.AlreadyConnected"/> (a repeated connect is not an error, R4);
    /// false for every refusal.
    /// </summary>
    public bool IsSuccess => Status is OutcomeStatus.Connected or OutcomeStatus.Reserved or OutcomeStatus.Activated
        or OutcomeStatus.Released or OutcomeStatus.Disconnected or OutcomeStatus.Replaced or OutcomeStatus.PlanChanged
        or OutcomeStatus.AllowanceRaised or OutcomeStatus.AllowanceKept or OutcomeStatus.ActivityRecorded
        or OutcomeStatus.MarkedNeedsAttention or OutcomeStatus.Reconnected or OutcomeStatus.AiCreditsUsed
        or OutcomeStatus.AlreadyConnected;

    /// <summary>A sentence describing the outcome.</summary>
    /// <remarks>Written on first read for some outcomes; reading it from several threads is safe (each gets the same text).</remarks>
    public string Message => _message ??= _describe!(this);

    /// <summary>The provider the outcome is about, when there is one.</summary>
    public ProviderKey? Provider { get; internal init; }

    /// <summary>
    /// The app the outcome is about: after the operation (connected, reserved, activated, the replacement,
    /// reconnected), as it was just before it went (disconnected, released), or as it stands when refused
    /// (already connected, not supported, acknowledgement required or stale, wrong state, not pending).
    /// Null when there is no such app.
    /// </summary>
    public ConnectedApp? App { get; internal init; }

    /// <summary>What to do at the limit; set when <see cref="Status"/> is <see cref="OutcomeStatus.LimitReached"/>.</summary>
    public LimitGuidance? Guidance
    {
        get => _details?.Guidance;
        internal init => Detail().Guidance = value;
    }

    /// <summary>The reasons per field; set when <see cref="Status"/> is <see cref="OutcomeStatus.SetupInvalid"/>.</summary>
    public IReadOnlyList<SetupFieldError> SetupErrors
    {
        get => _details?.SetupErrors ?? [];
        internal init => Detail().SetupErrors = value;
    }

    /// <summary>The impact assessment: to acknowledge (required, stale), or what the disconnect or replace did.</summary>
    public ImpactAssessment? Assessment { get; internal init; }

    /// <summary>The workflows the merchant should test after a replace (R10).</summary>
    public IReadOnlyList<CommerceWorkflow> WorkflowsToTest
    {
        get => _details?.WorkflowsToTest ?? [];
        internal init => Detail().WorkflowsToTest = value;
    }

    /// <summary>How many apps must be disconnected first; set when <see cref="Status"/> is <see cref="OutcomeStatus.DowngradeNeedsDisconnects"/>.</summary>
    public int AppsToDisconnect
    {
        get => _details?.AppsToDisconnect ?? 0;
        internal init => Detail().AppsToDisconnect = value;
    }

    /// <summary>The plan concerned by a plan change or catalog edit.</summary>
    public Plan? Plan
    {
        get => _details?.Plan;
        internal init => Detail().Plan = value;
    }

    /// <summary>The provider's availability; set when <see cref="Status"/> is <see cref="OutcomeStatus.ProviderUnavailable"/>.</summary>
    public ProviderAvailability? Availability
    {
        get => _details?.Availability;
        internal init => Detail().Availability = value;
    }

    /// <summary>The native feature named; set when <see cref="Status"/> is <see cref="OutcomeStatus.NativeFeature"/>.</summary>
    public NativeFeature? NativeFeature
    {
        get => _details?.NativeFeature;
        internal init => Detail().NativeFeature = value;
    }

    /// <summary>Who can help; set when <see cref="Status"/> is <see cref="OutcomeStatus.NotSupported"/>.</summary>
    public SupportRoute? Support
    {
        get => _details?.Support;
        internal init => Detail().Support = value;
    }

    /// <summary>The slots in use after the operation, for a message written on first read.</summary>
    internal int SlotsInUseAfter { get; init; }

    /// <summary>The allowance in force after the operation, for a message written on first read.</summary>
    internal SlotAllowance AllowanceAfter { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Message}";

    private Details Detail() => _details ??= new Details();

    /// <summary>What only some statuses carry; set only while the outcome is being made.</summary>
    private sealed class Details
    {
        public LimitGuidance? Guidance { get; set; }

        public IReadOnlyList<SetupFieldError>? SetupErrors { get; set; }

        public IReadOnlyList<CommerceWorkflow>? WorkflowsToTest { get; set; }

        public int AppsToDisconnect { get; set; }

        public Plan? Plan { get; set; }

        public ProviderAvailability? Availability { get; set; }

        public NativeFeature? NativeFeature { get; set; }

        public SupportRoute? Support { get; set; }
    }
}
