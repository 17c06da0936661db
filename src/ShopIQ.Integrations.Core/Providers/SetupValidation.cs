namespace ShopIQ.Integrations.Core;

/// <summary>The result of checking one provider's setup before any slot is taken (R5).</summary>
/// <remarks>
/// Immutable and thread-safe. It names the provider it was made for, so a validation of one provider's
/// setup can never let another provider connect; it carries reasons per field and never the values checked.
/// A passed validation is made only by checking: <see cref="ProviderDescriptor.CheckFields"/> (and
/// <see cref="IntegrationProviderBase.ValidateSetup"/>, which adds an adapter's own checks) are the only ways to get one.
/// <see cref="Invalid"/> is public, since a refusal can never let a setup through: an adapter that implements
/// <see cref="IIntegrationProvider"/> directly uses it to add reasons of its own to the descriptor's.
/// </remarks>
public sealed class SetupValidation
{
    private SetupValidation(ProviderKey provider, IReadOnlyList<SetupFieldError> errors)
    {
        Provider = provider;
        Errors = errors;
    }

    /// <summary>The provider whose setup was checked.</summary>
    public ProviderKey Provider { get; }

    /// <summary>Whether the setup can be used.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The reasons per field; empty when <see cref="IsValid"/>.</summary>
    public IReadOnlyList<SetupFieldError> Errors { get; }

    /// <summary>Creates a passed validation: the setup of <paramref name="provider"/> was checked and has nothing wrong. Only a check may call this.</summary>
    internal static SetupValidation ValidFor(ProviderKey provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new SetupValidation(provider, []);
    }

    /// <summary>Creates a failed validation.</summary>
    /// <param name="provider">The provider whose setup was checked.</param>
    /// <param name="errors">At least one field error.</param>
    /// <returns>The validation.</returns>
    /// <exception cref="ArgumentNullException">An argument or an error is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public static SetupValidation Invalid(ProviderKey provider, IEnumerable<SetupFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(errors);
        var list = errors.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("An invalid setup needs at least one field error; a setup with nothing wrong is valid only as ProviderDescriptor.CheckFields answers it.", nameof(errors));
        }

        if (Array.Exists(list, e => e is null))
        {
            throw new ArgumentNullException(nameof(errors), "A field error is null.");
        }

        return new SetupValidation(provider, Array.AsReadOnly(list));
    }

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"{Provider}: valid" : $"{Provider}: invalid: " + string.Join("; ", Errors);
}
