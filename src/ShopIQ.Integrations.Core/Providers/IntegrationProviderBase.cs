using ShopIQ.Integrations.Core.Stores;

namespace ShopIQ.Integrations.Core.Providers;

/// <summary>
/// A base for provider adapters: <see cref="ValidateSetup"/> runs the descriptor's field checks
/// (<see cref="ProviderDescriptor.CheckFields"/>) and then the adapter's own format checks
/// (<see cref="CheckFormats"/>); live facts default to none.
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
    /// Adds a reason for each field whose format is wrong. Called after the descriptor's field checks;
    /// a present value may be checked without re-checking presence. Reasons must never repeat the value.
    /// </summary>
    /// <param name="setup">The setup.</param>
    /// <param name="errors">Where to add the reasons.</param>
    protected abstract void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors);
}
