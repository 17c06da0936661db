namespace ShopIQ.Integrations.Core;

/// <summary>Why a setup was refused, field by field: the details of <see cref="OutcomeStatus.SetupInvalid"/> (R5).</summary>
/// <remarks>Immutable and thread-safe. The reasons never contain a value that was entered.</remarks>
public sealed class SetupInvalidDetails : OutcomeDetails
{
    internal SetupInvalidDetails(IReadOnlyList<SetupFieldError> errors) => Errors = errors;

    /// <summary>The reasons per field; at least one.</summary>
    public IReadOnlyList<SetupFieldError> Errors { get; }

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", Errors);
}
