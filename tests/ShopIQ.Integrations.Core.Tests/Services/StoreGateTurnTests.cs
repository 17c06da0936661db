namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>
/// The store gate lets one caller of a store through at a time: a second caller of the same store waits until the
/// first ends its turn, while a caller of a store on another stripe goes straight through; a gate needs at least one
/// stripe, and once disposed lets nobody through. (Whether a turn is free is read from whether entering completed at
/// once, never from how long it took.)
/// </summary>
public sealed class StoreGateTurnTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AGateWithoutStripes_IsRefusedNamingTheStripeCount(int stripes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StoreGate(stripes));

        Assert.Equal("stripes", error.ParamName);
        Assert.Equal(stripes, error.ActualValue);
    }

    [Fact]
    public async Task ASecondCallerOfTheSameStore_WaitsUntilTheFirstEndsItsTurn()
    {
        using var gate = new StoreGate(16);
        var store = new StoreId("store-1");

        var first = await gate.EnterAsync(store, CancellationToken.None);
        var second = gate.EnterAsync(store, CancellationToken.None);

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
        Assert.True(gate.EnterAsync(store, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ACallerOfAStoreOnAnotherStripe_DoesNotWait()
    {
        const int stripes = 64;
        using var gate = new StoreGate(stripes);
        var store = new StoreId("store-1");
        var other = Enumerable.Range(2, 1000).Select(i => new StoreId($"store-{i}")).First(s => Stripe(s, stripes) != Stripe(store, stripes));

        using var first = await gate.EnterAsync(store, CancellationToken.None);
        var second = gate.EnterAsync(other, CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully);
        (await second).Dispose();
    }

    [Fact]
    public async Task TwoStoresOnTheOnlyStripe_TakeTurns()
    {
        using var gate = new StoreGate(1);

        var first = await gate.EnterAsync(new StoreId("store-1"), CancellationToken.None);
        var second = gate.EnterAsync(new StoreId("store-2"), CancellationToken.None);

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task ACallerWhoStopsWaiting_IsThrownItsCancellation_AndTakesNoTurn()
    {
        using var gate = new StoreGate(4);
        var store = new StoreId("store-1");
        using var waiting = new CancellationTokenSource();
        var first = await gate.EnterAsync(store, CancellationToken.None);
        var given = gate.EnterAsync(store, waiting.Token);

        await waiting.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await given);
        first.Dispose();
        Assert.True(gate.EnterAsync(store, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ADisposedGate_LetsNobodyThrough()
    {
        var gate = new StoreGate(2);
        gate.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await gate.EnterAsync(new StoreId("store-1"), CancellationToken.None));
    }

    private static uint Stripe(StoreId store, int stripes) => (uint)StringComparer.Ordinal.GetHashCode(store.Value) % (uint)stripes;
}
