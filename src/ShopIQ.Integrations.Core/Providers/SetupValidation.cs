namespace ShopIQ.Integrations.Core.Providers;

/// <summary>The result of checking a provider setup before any slot is taken (R5).</summary>
/// <remarks>Immutable and thread-safe. It carries reasons per field and never the values checked.</remarks>
public sealed class SetupValidation
{
    private SetupValidation(IReadOnlyList<SetupFieldError> errors) => Errors = errors;

    /// <summary>A setup with nothing wrong.</summary>
    public static SetupValidation Valid { get; } = new([]);

    /// <summary>Whether the setup can be used.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The reasons per field; empty when <see cref="IsValid"/>.</summary>
    public IReadOnlyList<SetupFieldError> Errors { get; }

    /// <summary>Creates a failed validation.</summary>
    /// <param name="errors">At least one field error.</param>
    /// <returns>The validation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="errors"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public static SetupValidation Invalid(IEnumerable<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var list = errors.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("An invalid setup needs at least one field error; use SetupValidation.Valid otherwise.", nameof(errors));
        }

        if (Array.Exists(list, e => e is null))
        {
            throw new ArgumentNullException(nameof(errors), "A field error is null.");
        }

        return new SetupValidation(Array.AsReadOnly(list));
    }

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : "invalid: " + string.Join("; ", Errors);
}
