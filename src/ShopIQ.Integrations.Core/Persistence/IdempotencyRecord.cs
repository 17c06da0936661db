using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// What a store repository keeps for an idempotency key: which command used it and what it answered, so
/// a retry with the same key answers the same without acting again.
/// </summary>
/// <remarks>
/// Immutable, value equality. A connect writes an unfinished record when it reserves its slot and
/// replaces it with the final one when the provider has answered; every other command writes only a
/// final record. The fingerprint describes the command without any setup value.
/// </remarks>
public sealed record IdempotencyRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fingerprint">The command the key was used for, as text without setup values.</param>
    /// <param name="isFinal">False while a connect waits for its provider.</param>
    /// <param name="status">What the command answered.</param>
    /// <param name="message">The result's message.</param>
    /// <param name="provider">The provider the command was about, if any.</param>
    /// <param name="storeVersion">The store's version after the command.</param>
    /// <param name="recordedAt">When the record was written.</param>
    /// <param name="resultData">
    /// The rest of the result (its app and typed details) in the library's own text format, so that a replay answers
    /// the same shape as the first run; null when the result has neither. Repositories store it and give it back as it was.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/>, <paramref name="fingerprint"/> or <paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not defined, or <paramref name="storeVersion"/> is negative.</exception>
    public IdempotencyRecord(
        IdempotencyKey key,
        string fingerprint,
        bool isFinal,
        OutcomeStatus status,
        string message,
        ProviderKey? provider,
        long storeVersion,
        Instant recordedAt,
        string? resultData)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfNegative(storeVersion);
        Key = key;
        Fingerprint = fingerprint;
        IsFinal = isFinal;
        Status = Preconditions.CheckDefined(status, nameof(status));
        Message = message;
        Provider = provider;
        StoreVersion = storeVersion;
        RecordedAt = recordedAt;
        ResultData = resultData;
    }

    /// <summary>The key.</summary>
    public IdempotencyKey Key { get; }

    /// <summary>The command the key was used for, as text without setup values.</summary>
    public string Fingerprint { get; }

    /// <summary>False while a connect waits for its provider.</summary>
    public bool IsFinal { get; }

    /// <summary>What the command answered.</summary>
    public OutcomeStatus Status { get; }

    /// <summary>Whether the command did what was asked: <see cref="Status"/> is a success word.</summary>
    public bool IsSuccess => Status.IsSuccess();

    /// <summary>The result's message.</summary>
    public string Message { get; }

    /// <summary>The provider the command was about, if any.</summary>
    public ProviderKey? Provider { get; }

    /// <summary>The store's version after the command.</summary>
    public long StoreVersion { get; }

    /// <summary>When the record was written.</summary>
    public Instant RecordedAt { get; }

    /// <summary>The rest of the result (its app and typed details) in the library's own text format; null when it has neither.</summary>
    public string? ResultData { get; }
}
