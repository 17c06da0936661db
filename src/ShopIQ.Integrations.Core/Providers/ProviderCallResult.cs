namespace ShopIQ.Integrations.Core;

/// <summary>What a provider answered to a connect or disconnect call.</summary>
/// <remarks>Immutable, value equality. A refusal's reason is shown to merchants and logged, so it never contains a secret.</remarks>
public sealed record ProviderCallResult
{
    private ProviderCallResult(bool succeeded, string? reason)
    {
        Succeeded = succeeded;
        Reason = reason;
    }

    /// <summary>The provider accepted the call.</summary>
    public static ProviderCallResult Success { get; } = new(true, null);

    /// <summary>The provider refused the call, for example because the credentials were wrong.</summary>
    /// <param name="reason">Why, in words a merchant understands; no secrets.</param>
    /// <returns>The refusal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty, too long or has control characters.</exception>
    public static ProviderCallResult Refused(string reason) =>
        new(false, Preconditions.CheckText(reason, nameof(reason), "Provider refusal reason", SetupFieldError.MaxReasonLength));

    /// <summary>Whether the provider accepted the call.</summary>
    public bool Succeeded { get; }

    /// <summary>Why the provider refused; null on success.</summary>
    public string? Reason { get; }

    /// <inheritdoc />
    public override string ToString() => Succeeded ? "succeeded" : $"refused: {Reason}";
}
