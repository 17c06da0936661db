namespace ShopIQ.Integrations.Core.Tests.Services.Stress;

/// <summary>A provider that answers a little later: each connect gives its thread away a few times first, so other callers run in between.</summary>
internal sealed class YieldingAdapter() : StressAdapter("slow-yields", ProviderCategory.Other, CommerceWorkflow.OtherCommerceOperations)
{
    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3; i++)
        {
            await Task.Yield();
        }

        return ProviderCallResult.Success;
    }
}
