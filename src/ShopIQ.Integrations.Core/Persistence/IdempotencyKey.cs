namespace ShopIQ.Integrations.Core;

/// <summary>
/// The key a caller puts on a command so that a retried request never acts twice: the same key on the
/// same store answers with the first request's result.
/// </summary>
/// <remarks>
/// Immutable, value equality (ordinal). 1 to 128 printable ASCII characters without spaces, so a UUID, a
/// ULID or a request id fits. Keys are scoped to a store: two stores may use the same key.
/// </remarks>
public sealed record IdempotencyKey
{
    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Creates a key.</summary>
    /// <param name="value">The key text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, longer than <see cref="MaxLength"/>, or has characters other than printable ASCII without spaces.</exception>
    public IdempotencyKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value.Length > MaxLength || !value.All(c => c is > ' ' and <= '~'))
        {
            throw new ArgumentException(
                $"Idempotency key {Preconditions.Describe(value)} must be 1 to {MaxLength} printable ASCII characters without spaces.",
                nameof(value));
        }

        Value = value;
    }

    /// <summary>The key text.</summary>
    public string Value { get; }

    /// <summary>A new random key, for callers that make one per request.</summary>
    /// <returns>A key holding a fresh GUID.</returns>
    public static IdempotencyKey New() => new(Guid.NewGuid().ToString("N"));

    /// <inheritdoc />
    public override string ToString() => Value;
}
