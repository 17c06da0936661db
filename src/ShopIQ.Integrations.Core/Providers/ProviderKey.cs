using System.Diagnostics.CodeAnalysis;

namespace ShopIQ.Integrations.Core;

/// <summary>The key of a third-party provider, for example <c>razorpay</c> or <c>google-analytics</c>.</summary>
/// <remarks>
/// A validated lower-case slug (a-z, 0-9, single hyphens, at most 64 characters). The keys of
/// <see cref="NativeFeature"/>s are valid keys too, so that trying to connect one can be answered
/// with a clear refusal (R2). Equality is ordinal on <see cref="Value"/>. Immutable and thread-safe.
/// </remarks>
public sealed record ProviderKey
{
    // Keys are looked up on every store operation (the store's apps, the native features, replay): the hash is
    // computed once here rather than on every lookup, and compared before the text.
    private readonly int _hashCode;

    /// <summary>Creates a provider key.</summary>
    /// <param name="value">A lower-case slug.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a lower-case slug.</exception>
    public ProviderKey(string value)
    {
        Value = Preconditions.CheckSlug(value, nameof(value), "Provider key");
        _hashCode = StringComparer.Ordinal.GetHashCode(Value);
    }

    /// <summary>The key as text.</summary>
    public string Value { get; }

    /// <summary>Tries to create a provider key without throwing.</summary>
    /// <param name="value">The candidate text; may be null.</param>
    /// <param name="key">The key when the text is valid; otherwise null.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid provider key.</returns>
    public static bool TryCreate(string? value, [NotNullWhen(true)] out ProviderKey? key)
    {
        key = value is not null && Preconditions.IsSlug(value, Preconditions.MaxIdentifierLength) ? new ProviderKey(value) : null;
        return key is not null;
    }

    /// <summary>Whether <paramref name="other"/> is the same key: ordinal equality on <see cref="Value"/>.</summary>
    /// <param name="other">The other key.</param>
    /// <returns><see langword="true"/> when both have the same text.</returns>
    public bool Equals(ProviderKey? other) =>
        ReferenceEquals(this, other) || (other is not null && _hashCode == other._hashCode && string.Equals(Value, other.Value, StringComparison.Ordinal));

    /// <inheritdoc />
    public override int GetHashCode() => _hashCode;

    /// <inheritdoc />
    public override string ToString() => Value;
}
