namespace ShopIQ.Integrations.Core;

/// <summary>What a provider answered to a connect or disconnect call.</summary>
/// <remarks>
/// Immutable, value equality (by <see cref="Succeeded"/> and <see cref="Reason"/>). A refusal's reason is shown to merchants
/// and logged, so it never contains a secret.
/// </remarks>
public sealed record ProviderCallResult
{
    // The reason as the adapter gave it, so the service can redact the setup's secrets before the text is cleaned and cut.
    private readonly string? _given;

    private ProviderCallResult(bool succeeded, string? reason, string? given)
    {
        Succeeded = succeeded;
        Reason = reason;
        _given = given;
    }

    /// <summary>The provider accepted the call.</summary>
    public static ProviderCallResult Success { get; } = new(true, null, null);

    /// <summary>The provider refused the call, for example because the credentials were wrong.</summary>
    /// <param name="reason">
    /// Why, in words a merchant understands; no secrets. The reason is free text from an adapter (third-party code that may
    /// pass on whatever its provider said), so it is cleaned, never refused: half of a surrogate pair (an emoji cut in two)
    /// becomes U+FFFD, control characters and line separators become spaces, invisible format characters (Unicode category
    /// Cf, such as U+202E) are removed, the ends are trimmed, and a reason longer than <see cref="SetupFieldError.MaxReasonLength"/>
    /// is cut to it, ending with "…" and never between the halves of a surrogate pair. A reason blank once cleaned becomes
    /// "No reason was given.". <see cref="Reason"/> holds the cleaned text, which can be stored, logged and shown as it is.
    /// </param>
    /// <returns>The refusal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is null.</exception>
    public static ProviderCallResult Refused(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new(false, Preconditions.CleanFreeText(reason, SetupFieldError.MaxReasonLength), reason);
    }

    /// <summary>Whether the provider accepted the call.</summary>
    public bool Succeeded { get; }

    /// <summary>Why the provider refused, cleaned and at most <see cref="SetupFieldError.MaxReasonLength"/> characters; null on success.</summary>
    public string? Reason { get; }

    /// <summary>The reason exactly as the adapter gave it (null on success): redact secrets from this, then clean it again.</summary>
    internal string? GivenReason => _given;

    /// <inheritdoc />
    public bool Equals(ProviderCallResult? other) =>
        other is not null && Succeeded == other.Succeeded && string.Equals(Reason, other.Reason, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Succeeded, Reason is null ? 0 : StringComparer.Ordinal.GetHashCode(Reason));

    /// <inheritdoc />
    public override string ToString() => Succeeded ? "succeeded" : $"refused: {Reason}";
}
