using ShopIQ.Integrations.Core.Persistence;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Services;

/// <summary>What the connected-apps service did with a command, and the store's outcome when the store was asked.</summary>
/// <remarks>
/// Immutable. <see cref="Status"/> says what the service did; <see cref="Outcome"/> holds the store's full
/// outcome when the command ran now (<see cref="CommandStatus.Completed"/>, and for provider refusals
/// and failures the release of the reservation). A <see cref="CommandStatus.Replayed"/> result repeats
/// the first run's <see cref="OutcomeStatus"/>, <see cref="IsSuccess"/> and <see cref="Message"/> only; read the
/// store for the details. <see cref="Message"/> never contains a setup value.
/// </remarks>
public sealed class ConnectedAppsResult
{
    internal ConnectedAppsResult(CommandStatus status, StoreOutcome? outcome, OutcomeStatus? outcomeStatus, bool isSuccess, string message, ProviderKey? provider, long storeVersion)
    {
        Status = status;
        Outcome = outcome;
        OutcomeStatus = outcomeStatus;
        IsSuccess = isSuccess;
        Message = message;
        Provider = provider;
        StoreVersion = storeVersion;
    }

    /// <summary>What the service did.</summary>
    public CommandStatus Status { get; }

    /// <summary>The store's outcome, when the command ran now; null otherwise.</summary>
    public StoreOutcome? Outcome { get; }

    /// <summary>The store's outcome status: from <see cref="Outcome"/>, or from the first run for a replay; null when the store was not asked.</summary>
    public OutcomeStatus? OutcomeStatus { get; }

    /// <summary>Whether the command did what was asked (now, or the first time for a replay).</summary>
    public bool IsSuccess { get; }

    /// <summary>What happened, in a sentence that can be passed on.</summary>
    public string Message { get; }

    /// <summary>The provider the command was about, if any.</summary>
    public ProviderKey? Provider { get; }

    /// <summary>The store's version after the command (0 when there is no store).</summary>
    public long StoreVersion { get; }

    internal static ConnectedAppsResult Completed(StoreOutcome outcome, long version) =>
        new(CommandStatus.Completed, outcome, outcome.Status, outcome.IsSuccess, outcome.Message, outcome.Provider, version);

    internal static ConnectedAppsResult WithStatus(CommandStatus status, StoreOutcome outcome, string message, long version) =>
        new(status, outcome, outcome.Status, false, message, outcome.Provider, version);

    internal static ConnectedAppsResult NotRun(CommandStatus status, string message, ProviderKey? provider, long version) =>
        new(status, null, null, false, message, provider, version);

    internal static ConnectedAppsResult Replay(IdempotencyRecord record) =>
        new(CommandStatus.Replayed, null, record.Outcome, record.IsSuccess, record.Message, record.Provider, record.StoreVersion);

    internal IdempotencyRecord ToRecord(IdempotencyKey key, string fingerprint, bool isFinal, NodaTime.Instant at) =>
        new(key, fingerprint, isFinal, Status, OutcomeStatus, IsSuccess, Message, Provider, StoreVersion, at);

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Message}";
}
