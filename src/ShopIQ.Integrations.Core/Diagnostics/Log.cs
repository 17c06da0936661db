using Microsoft.Extensions.Logging;

namespace ShopIQ.Integrations.Core.Diagnostics;

/// <summary>
/// The service's log messages, source-generated. No message takes a setup value: the service passes
/// provider keys, statuses and messages that are secret-free by construction, and redacts adapter
/// exception messages before logging them.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{Operation} on store {Store}: {Status} (replay: {Replay}), version {Version}")]
    internal static partial void CommandFinished(ILogger logger, string operation, string store, string status, bool replay, long version);

    [LoggerMessage(2, LogLevel.Debug, "{Operation} on store {Store}: version conflict on attempt {Attempt}, retrying")]
    internal static partial void ConflictRetry(ILogger logger, string operation, string store, int attempt);

    [LoggerMessage(3, LogLevel.Warning, "{Operation} on store {Store}: gave up after {Attempts} version conflicts")]
    internal static partial void ConflictGaveUp(ILogger logger, string operation, string store, int attempts);

    [LoggerMessage(4, LogLevel.Warning, "Provider {Provider} refused {Call} for store {Store}: {Reason}")]
    internal static partial void ProviderRefused(ILogger logger, string provider, string call, string store, string reason);

    [LoggerMessage(5, LogLevel.Error, "Provider {Provider} failed {Call} for store {Store}: {ExceptionType}: {ExceptionMessage}")]
    internal static partial void ProviderFailed(ILogger logger, string provider, string call, string store, string exceptionType, string exceptionMessage);

    [LoggerMessage(6, LogLevel.Error, "Event sink {Sink} failed to publish {Count} events of store {Store}; the change is saved, the events are not delivered to this sink")]
    internal static partial void SinkFailed(ILogger logger, Exception exception, string sink, int count, string store);

    [LoggerMessage(7, LogLevel.Warning, "Live facts of {Provider} for store {Store} are missing: {Reason}")]
    internal static partial void LiveFactsMissing(ILogger logger, string provider, string store, string reason);

    [LoggerMessage(8, LogLevel.Information, "Sweep: {Reservations} reservations expired in {Stores} stores, {Abandoned} unfinished connects abandoned, {Records} idempotency records purged")]
    internal static partial void Swept(ILogger logger, int reservations, int stores, int abandoned, int records);

    [LoggerMessage(9, LogLevel.Warning, "Provider {Provider} connected store {Store} but the store did not take it ({Outcome}); telling the provider to disconnect")]
    internal static partial void Compensating(ILogger logger, string provider, string store, string outcome);

    [LoggerMessage(10, LogLevel.Warning, "The snapshot of store {Store} is not trusted: {Problem}; the store is rebuilt from its ledger and its snapshot rewritten")]
    internal static partial void SnapshotRebuilt(ILogger logger, string store, string problem);

    [LoggerMessage(11, LogLevel.Information, "Store {Store} has no snapshot; it is rebuilt from its {Entries} ledger entries and a snapshot written")]
    internal static partial void SnapshotMissing(ILogger logger, string store, int entries);

    [LoggerMessage(12, LogLevel.Error, "The ledger of store {Store} does not verify: {Violations}")]
    internal static partial void LedgerDoesNotVerify(ILogger logger, string store, string violations);

    [LoggerMessage(13, LogLevel.Warning, "An acknowledgement token for {Provider} on store {Store} was refused ({Problem}); a forged one means a client tried to skip an impact warning")]
    internal static partial void AcknowledgementTokenRefused(ILogger logger, string provider, string store, string problem);

    [LoggerMessage(14, LogLevel.Error, "Connect of {Provider} on store {Store}: the provider's answer ({Answer}) could not be saved on attempt {Attempt}")]
    internal static partial void SettleFailed(ILogger logger, Exception exception, string provider, string store, string answer, int attempt);

    [LoggerMessage(15, LogLevel.Information, "The reservation of {Provider} on store {Store} expired; telling the provider to let go")]
    internal static partial void ExpiredLetGo(ILogger logger, string provider, string store);

    [LoggerMessage(16, LogLevel.Warning, "The connect with key {Key} on store {Store} never settled; its record is abandoned")]
    internal static partial void ConnectAbandoned(ILogger logger, string key, string store);

    [LoggerMessage(17, LogLevel.Information, "Subscription {Subscription}: lease taken by {Holder}, delivering after {Checkpoint}")]
    internal static partial void SubscriptionLeaseTaken(ILogger logger, string subscription, string holder, string checkpoint);

    [LoggerMessage(18, LogLevel.Warning, "Subscription {Subscription}: {Holder} lost its lease (it expired or another instance took it); it stops delivering")]
    internal static partial void SubscriptionLeaseLost(ILogger logger, string subscription, string holder);

    [LoggerMessage(19, LogLevel.Information, "Subscription {Subscription}: {Holder} gave its lease up")]
    internal static partial void SubscriptionLeaseReleased(ILogger logger, string subscription, string holder);

    [LoggerMessage(20, LogLevel.Warning, "Subscription {Subscription}: the handler failed on event {EventId} (attempt {Attempt}); trying again")]
    internal static partial void SubscriptionHandlerFailed(ILogger logger, Exception exception, string subscription, string eventId, int attempt);

    [LoggerMessage(21, LogLevel.Error, "Subscription {Subscription}: event {EventId} parked after {Attempts} failed attempts; the subscription goes on")]
    internal static partial void SubscriptionEventParked(ILogger logger, Exception exception, string subscription, string eventId, int attempts);

    [LoggerMessage(22, LogLevel.Error, "Subscription {Subscription}: dispatching failed ({ExceptionType}); trying again")]
    internal static partial void SubscriptionFailed(ILogger logger, Exception exception, string subscription, string exceptionType);
}
