namespace ShopIQ.Integrations.Core.Tests.TestSupport;

public sealed class ServiceFixtureTests
{
    [Fact]
    public async Task WithAsync_BuiltInProviders_ConnectsThemThroughTheService()
    {
        using var fixture = new ServiceFixture();
        await (await fixture.OpenAsync(TestPlans.Starter)).WithAsync(BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket);

        var store = await fixture.StoreAsync();
        Assert.Equal(2, store.SlotsInUse);
        Assert.Contains(fixture.Sink.Events, e => e is ConnectionActivated);
    }
}
