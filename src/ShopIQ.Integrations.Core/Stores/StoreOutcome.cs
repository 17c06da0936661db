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
    internal StoreOutcome(OutcomeStatus status, string message)
    {
        Status = status;
        Message = message;
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
    public string Message { get; }

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
    public LimitGuidance? Guidance { get; internal init; }

    /// <summary>The reasons per field; set when <see cref="Status"/> is <see cref="OutcomeStatus.SetupInvalid"/>.</summary>
    public IReadOnlyList<SetupFieldError> SetupErrors { get; internal init; } = [];

    /// <summary>The impact assessment: to acknowledge (required, stale), or what the disconnect or replace did.</summary>
    public ImpactAssessment? Assessment { get; internal init; }

    /// <summary>The workflows the merchant should test after a replace (R10).</summary>
    public IReadOnlyList<CommerceWorkflow> WorkflowsToTest { get; internal init; } = [];

    /// <summary>How many apps must be disconnected first; set when <see cref="Status"/> is <see cref="OutcomeStatus.DowngradeNeedsDisconnects"/>.</summary>
    public int AppsToDisconnect { get; internal init; }

    /// <summary>The plan concerned by a plan change or catalog edit.</summary>
    public Plan? Plan { get; internal init; }

    /// <summary>The provider's availability; set when <see cref="Status"/> is <see cref="OutcomeStatus.ProviderUnavailable"/>.</summary>
    public ProviderAvailability? Availability { get; internal init; }

    /// <summary>The native feature named; set when <see cref="Status"/> is <see cref="OutcomeStatus.NativeFeature"/>.</summary>
    public NativeFeature? NativeFeature { get; internal init; }

    /// <summary>Who can help; set when <see cref="Status"/> is <see cref="OutcomeStatus.NotSupported"/>.</summary>
    public SupportRoute? Support { get; internal init; }

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Message}";
}
