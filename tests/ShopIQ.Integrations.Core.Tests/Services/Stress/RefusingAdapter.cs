namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>A provider that refuses every third connect it is asked for, whichever caller asks.</summary>
internal sealed class RefusingAdapter() : StressAdapter("sometimes-refuses", ProviderCategory.Advertising, CommerceWorkflow.MarketingAndPerformanceData)
{
    private int _calls;

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
        Task.FromResult(Interlocked.Increment(ref _calls) % 3 == 0
            ? ProviderCallResult.Refused("The test provider refuses every third connect.")
            : ProviderCallResult.Success);
}
