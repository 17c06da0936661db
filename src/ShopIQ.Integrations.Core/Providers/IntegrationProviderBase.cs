namespace ShopIQ.Integrations.Core;

/// <summary>
/// A base for provider adapters: <see cref="ValidateSetup"/> runs the descriptor's field checks
/// (<see cref="ProviderDescriptor.CheckFields"/>, which include each field's declared <see cref="SetupField.Format"/>)
/// and then any checks of the adapter's own that need code (<see cref="CheckFormats"/>, none by default); live facts
/// default to none.
/// </summary>
/// <remarks>Derive from it, or implement <see cref="IIntegrationProvider"/> directly. Implementations must be thread-safe.</remarks>
public abstract class IntegrationProviderBase : IIntegrationProvider
{
    /// <inheritdoc />
    public abstract ProviderDescriptor Descriptor { get; }

    /// <inheritdoc />
    public SetupValidation ValidateSetup(ProviderSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var fields = Descriptor.CheckFields(setup);
        var errors = new List<SetupFieldError>(fields.Errors);
        var reported = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);

        // Format checks run only on fields that passed the descriptor's checks, so each field gets one reason.
        var formatErrors = new List<SetupFieldError>();
        CheckFormats(setup, formatErrors);
        errors.AddRange(formatErrors.Where(e => !reported.Contains(e.Field)));
        return errors.Count == 0 ? SetupValidation.ValidFor(Descriptor.Key) : SetupValidation.Invalid(Descriptor.Key, errors);
    }

    /// <inheritdoc />
    public virtual bool ConnectCallsOut => true;

    /// <inheritdoc />
    public abstract Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<LiveFact>> GetLiveFactsAsync(StoreId store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<LiveFact>>([]);
    }

    /// <summary>
    /// Adds a reason for each field that fails a check the descriptor cannot declare (one that needs code, such as a
    /// checksum); does nothing by default. Declare formats in the descriptor's <see cref="SetupField"/>s instead
    /// wherever a <see cref="SetupFieldFormat"/> can say it, so that <see cref="ProviderDescriptor.CheckFields"/> refuses
    /// the value too. Called after the descriptor's field checks; a reason for a field those already refused is
    /// dropped, so each field gets one reason. Reasons must never repeat the value.
    /// </summary>
    /// <param name="setup">The setup.</param>
    /// <param name="errors">Where to add the reasons.</param>
    protected virtual void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
    }
}
