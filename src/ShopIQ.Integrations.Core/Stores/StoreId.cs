namespace ShopIQ.Integrations.Core;

/// <summary>The identity of one merchant's ShopIQ store.</summary>
/// <remarks>
/// A validated value: 1 to 64 characters, ASCII letters, digits, <c>-</c> and <c>_</c> only, so it is
/// safe in logs, keys and URLs. Equality is ordinal on <see cref="Value"/>. Immutable and thread-safe.
/// </remarks>
public sealed record StoreId
{
    /// <summary>Creates a store id.</summary>
    /// <param name="value">The id, for example <c>store-1042</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or has a character other than a letter, digit, '-' or '_'.</exception>
    public StoreId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsValid(value))
        {
            throw new ArgumentException(
                $"Store id {Preconditions.Describe(value)} is invalid: use 1 to {Preconditions.MaxIdentifierLength} ASCII letters, digits, '-' or '_'.",
                nameof(value));
        }

        Value = value;
    }

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>Tries to create a store id without throwing.</summary>
    /// <param name="value">The candidate text; may be null.</param>
    /// <param name="storeId">The store id when the text is valid; otherwise null.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid store id.</returns>
    public static bool TryCreate(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoreId? storeId)
    {
        storeId = value is not null && IsValid(value) ? new StoreId(value) : null;
        return storeId is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static bool IsValid(string value)
    {
        if (value.Length is 0 or > Preconditions.MaxIdentifierLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
