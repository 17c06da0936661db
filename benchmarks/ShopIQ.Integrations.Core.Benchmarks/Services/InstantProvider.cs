namespace ShopIQ.Integrations.Core.Benchmarks.Services;

/// <summary>
/// A benchmark adapter whose every call succeeds at once, so the figures are the service's work with no provider's
/// latency in them. Made to call out (<see cref="IIntegrationProvider.ConnectCallsOut"/> true, as
/// <see cref="IntegrationProviderBase"/> answers by default), it sends <see cref="ConnectedAppsService.ConnectAsync"/>
/// down its full path: reserve a slot and save, call the adapter, then activate and save again. Made not to, the
/// connect is one save, as through the built-in offline adapters.
/// </summary>
/// <param name="descriptor">The app it connects; give it no setup fields, so the empty setup is valid.</param>
/// <param name="callsOut">What <see cref="ConnectCallsOut"/> answers.</param>
/// <remarks>Stateless and thread-safe; the answers are made once.</remarks>
internal sealed class InstantProvider(ProviderDescriptor descriptor, bool callsOut) : IntegrationProviderBase
{
    private static readonly Task<ProviderCallResult> Succeeded = Task.FromResult(ProviderCallResult.Success);
    private static readonly Task<ProviderHealth> Healthy = Task.FromResult(ProviderHealth.Healthy);

    /// <inheritdoc />
    public override ProviderDescriptor Descriptor => descriptor;

    /// <inheritdoc />
    public override bool ConnectCallsOut => callsOut;

    /// <inheritdoc />
    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) => Succeeded;

    /// <inheritdoc />
    public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) => Succeeded;

    /// <inheritdoc />
    public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) => Healthy;

    /// <inheritdoc />
    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
        // No fields, so no format to check.
    }
}
