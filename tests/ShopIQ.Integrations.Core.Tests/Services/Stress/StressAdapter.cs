namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>
/// The base of the stress test's own adapters: a provider with no setup fields (so <see cref="ProviderSetup.Empty"/>
/// is its valid setup), whose connect behaviour the derived adapter decides. Thread-safe, as adapters must be.
/// </summary>
internal abstract class StressAdapter : IntegrationProviderBase
{
    protected StressAdapter(string key, ProviderCategory category, CommerceWorkflow workflow)
    {
        Descriptor = new ProviderDescriptor(new ProviderKey(key), key, category, [workflow], [], supportsSelfServiceDisconnect: true, ProviderAvailability.Available);
    }

    public override ProviderDescriptor Descriptor { get; }

    public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderCallResult.Success);

    public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderHealth.Healthy);

    protected override void CheckFormats(ProviderSetup setup, ICollection<SetupFieldError> errors)
    {
    }
}
