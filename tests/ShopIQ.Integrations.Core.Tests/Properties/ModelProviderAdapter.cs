namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// The adapter of one <see cref="ModelWorld"/> provider for <see cref="ServiceHarness"/>: it validates a setup
/// with the descriptor's own field checks, and accepts every connect unless <see cref="ConnectGate"/> holds it.
/// </summary>
internal sealed class ModelProviderAdapter(ProviderDescriptor descriptor, ConnectGate gate) : IIntegrationProvider
{
    public ProviderDescriptor Descriptor { get; } = descriptor;

    public SetupValidation ValidateSetup(ProviderSetup setup) => Descriptor.CheckFields(setup);

    public Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) => gate.ConnectAsync(Descriptor.Key);

    public Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult(ProviderCallResult.Success);

    public Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult(ProviderHealth.Healthy);

    public Task<IReadOnlyList<LiveFact>> GetLiveFactsAsync(StoreId store, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LiveFact>>([]);
}
