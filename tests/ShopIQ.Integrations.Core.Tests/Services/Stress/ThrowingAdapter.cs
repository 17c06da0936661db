namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>A provider whose adapter throws on every fourth connect and every other disconnect, as a broken integration would.</summary>
internal sealed class ThrowingAdapter() : StressAdapter("sometimes-throws", ProviderCategory.Analytics, CommerceWorkflow.TrafficAndBehaviourTracking)
{
    private int _connects;
    private int _disconnects;

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _connects) % 4 == 0
            ? throw new InvalidOperationException("The test provider failed.")
            : Task.FromResult(ProviderCallResult.Success);

    public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _disconnects) % 2 == 0
            ? throw new InvalidOperationException("The test provider failed to disconnect.")
            : Task.FromResult(ProviderCallResult.Success);
}
