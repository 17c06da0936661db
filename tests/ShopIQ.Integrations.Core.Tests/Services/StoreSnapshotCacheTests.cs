using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// The cache of warm stores' snapshots is bounded: when full, it forgets another store to keep the new snapshot; it never
/// replaces a snapshot with an earlier version of the same store; with no capacity it keeps nothing.
/// </summary>
public sealed class StoreSnapshotCacheTests
{
    [Fact]
    public async Task Set_WhenFull_ForgetsAnotherStoreAndKeepsTheNewSnapshot()
    {
        var (first, _, other) = await SnapshotsAsync();
        var cache = new StoreSnapshotCache(1);
        cache.Set(first);

        cache.Set(other);

        Assert.True(cache.TryGet(other.Store, out var kept));
        Assert.Same(other, kept);
        Assert.False(cache.TryGet(first.Store, out _));
    }

    [Fact]
    public async Task Set_AnEarlierVersionAfterALaterOne_KeepsTheLaterOne()
    {
        var (first, later, _) = await SnapshotsAsync();
        var cache = new StoreSnapshotCache(2);
        cache.Set(later);

        cache.Set(first);

        Assert.True(cache.TryGet(later.Store, out var kept));
        Assert.Same(later, kept);
    }

    [Fact]
    public async Task Set_ALaterVersionWhenFull_ReplacesTheEarlierOneOfTheSameStore()
    {
        var (first, later, _) = await SnapshotsAsync();
        var cache = new StoreSnapshotCache(1);
        cache.Set(first);

        cache.Set(later);

        Assert.True(cache.TryGet(first.Store, out var kept));
        Assert.Same(later, kept);
    }

    [Fact]
    public async Task Set_WithNoCapacity_KeepsNothing()
    {
        var (first, _, _) = await SnapshotsAsync();
        var cache = new StoreSnapshotCache(0);

        cache.Set(first);

        Assert.False(cache.TryGet(first.Store, out _));
    }

    /// <summary>Store-1 at its first version and at a later one, and another store.</summary>
    private static async Task<(StoreSnapshot First, StoreSnapshot Later, StoreSnapshot Other)> SnapshotsAsync()
    {
        using var fixture = await new ServiceFixture().OpenAsync(TestPlans.Starter);
        var first = (await fixture.StoreAsync()).TakeSnapshot();
        await fixture.WithAsync(BuiltInProviders.Razorpay);
        var later = (await fixture.StoreAsync()).TakeSnapshot();
        var otherId = new StoreId("store-2");
        var opened = await fixture.Service.OpenStoreAsync(new OpenStoreCommand(otherId, TestPlans.Starter.Id, StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        Assert.True(opened.IsSuccess, opened.Message);
        var other = (await fixture.Service.GetStoreAsync(otherId, CancellationToken.None))!.TakeSnapshot();
        Assert.True(later.Version > first.Version);
        return (first, later, other);
    }
}
