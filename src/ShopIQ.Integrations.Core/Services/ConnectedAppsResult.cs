using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>What the connected-apps service did with a command: one <see cref="OutcomeStatus"/>, in the vocabulary the store uses.</summary>
/// <remarks>
/// Immutable and thread-safe. <see cref="Status"/> is the only word to check: a success (<see cref="OutcomeStatus.Connected"/>,
/// <see cref="OutcomeStatus.Disconnected"/>, ...), a store's refusal (<see cref="OutcomeStatus.LimitReached"/>, ...), or one only
/// the service meets (<see cref="OutcomeStatus.ProviderRefused"/>, <see cref="OutcomeStatus.Conflict"/>, ...). <see cref="Details"/>
/// carries what that status has to say beyond it, typed by status. A command resent with the same idempotency key answers the
/// first run's result again (the same status, message, app and details), with <see cref="IsReplay"/> set and nothing acted again. <see cref="Message"/> never contains a
/// setup value.
/// </remarks>
public sealed class ConnectedAppsResult
{
    internal ConnectedAppsResult(OutcomeStatus status, string message, ProviderKey? provider, ConnectedApp? app, OutcomeDetails? details, long storeVersion, bool isReplay)
    {
        Status = status;
        Message = message;
        Provider = provider;
        App = app;
        Details = details;
        StoreVersion = storeVersion;
        IsReplay = isReplay;
    }

    /// <summary>What happened.</summary>
    public OutcomeStatus Status { get; }

    /// <summary>Whether the command did what was asked (now, or the first time for a replay): <see cref="Status"/> is a success word.</summary>
    public bool IsSuccess => Status.IsSuccess();

    /// <summary>Whether this answers a command already run with the same idempotency key: nothing acted again.</summary>
    public bool IsReplay { get; }

    /// <summary>What happened, in a sentence that can be passed on.</summary>
    /// <remarks>English, for support engineers and logs. The text a merchant reads, in their language, comes from <see cref="MerchantText"/>.</remarks>
    public string Message { get; }

    /// <summary>The provider the command was about, if any.</summary>
    public ProviderKey? Provider { get; }

    /// <summary>The app the command was about, as the store's outcome gave it (see <see cref="StoreOutcome.App"/>); null when there is none.</summary>
    public ConnectedApp? App { get; }

    /// <summary>What only this kind of result carries, typed by <see cref="Status"/> (see <see cref="OutcomeDetails"/>); null for statuses that carry nothing more.</summary>
    public OutcomeDetails? Details { get; }

    /// <summary>The store's version after the command (0 when there is no store).</summary>
    public long StoreVersion { get; }

    /// <summary>The store's own answer, as the service gives it.</summary>
    internal static ConnectedAppsResult Of(StoreOutcome outcome, long version) =>
        new(outcome.Status, outcome.Message, outcome.Provider, outcome.App, outcome.Details, version, isReplay: false);

    /// <summary>The store's answer under another status: a connect completed by a settle is <see cref="OutcomeStatus.Connected"/> (one word per operation).</summary>
    internal static ConnectedAppsResult As(OutcomeStatus status, StoreOutcome outcome, long version) =>
        new(status, outcome.Message, outcome.Provider, outcome.App, outcome.Details, version, isReplay: false);

    /// <summary>A service's own answer, with the app it concerns when there is one.</summary>
    internal static ConnectedAppsResult Service(OutcomeStatus status, string message, ProviderKey? provider, ConnectedApp? app, long version) =>
        new(status, message, provider, app, null, version, isReplay: false);

    /// <summary>The first run's result again, with its app and details as they were then.</summary>
    internal static ConnectedAppsResult Replay(IdempotencyRecord record) => FromRecord(record, isReplay: true);

    /// <summary>The result a final record keeps; not a replay when this very command wrote it (its save's answer was lost).</summary>
    internal static ConnectedAppsResult FromRecord(IdempotencyRecord record, bool isReplay)
    {
        var (app, details) = ResultDataFormat.Read(record.ResultData);
        return new(record.Status, record.Message, record.Provider, app, details, record.StoreVersion, isReplay);
    }

    internal IdempotencyRecord ToRecord(IdempotencyKey key, string fingerprint, bool isFinal, Instant at) =>
        new(key, fingerprint, isFinal, Status, Message, Provider, StoreVersion, at, ResultDataFormat.Write(App, Details));

    /// <inheritdoc />
    public override string ToString() => IsReplay ? $"{Status} (replayed): {Message}" : $"{Status}: {Message}";
}
