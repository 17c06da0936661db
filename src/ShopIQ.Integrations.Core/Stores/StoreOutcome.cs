namespace ShopIQ.Integrations.Core;

/// <summary>
/// What a <see cref="Store"/> operation did, or why it did nothing: an expected business outcome the
/// caller must inspect, never an exception (after NodaTime's <c>ParseResult</c>).
/// </summary>
/// <remarks>
/// Immutable and thread-safe. <see cref="Status"/> says what happened; <see cref="Details"/> carries what that status
/// has to say beyond it (guidance at the limit, reasons per setup field, the impact assessment, the plan), typed by
/// status. <see cref="Message"/> says it in a
/// sentence a merchant-support engineer can pass on; it never contains a setup value.
/// </remarks>
public sealed class StoreOutcome
{
    // The busiest outcomes (connected, disconnected) describe themselves only when Message is read: a store answers
    // every operation with an outcome, most callers read its Status, and the benchmarks count every byte of a pair.
    private readonly Func<StoreOutcome, string>? _describe;
    private string? _message;

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
    public bool IsSuccess => Status.IsSuccess();

    /// <summary>A sentence describing the outcome.</summary>
    /// <remarks>
    /// English, for support engineers and logs. Written on first read for some outcomes; reading it from several threads is
    /// safe (each gets the same text). The text a merchant reads, in their language, comes from <see cref="MerchantText"/>.
    /// </remarks>
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

    /// <summary>
    /// What only this kind of outcome carries (the guidance at the limit, the reasons per setup field, the impact
    /// assessment, the plan, ...), typed by <see cref="Status"/>; null for statuses that carry nothing more.
    /// </summary>
    public OutcomeDetails? Details { get; internal init; }

    /// <summary>The slots in use after the operation, for a message written on first read.</summary>
    internal int SlotsInUseAfter { get; init; }

    /// <summary>The allowance in force after the operation, for a message written on first read.</summary>
    internal SlotAllowance AllowanceAfter { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Message}";
}
