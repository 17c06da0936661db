using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.Services;

/// <summary>Invalid wiring fails when the service is built, not on the first command.</summary>
public sealed class ConnectedAppsServiceConstructorTests
{
    [Fact]
    public void Constructor_TwoAdaptersWithTheSameKey_ThrowsNamingTheKey()
    {
        var exception = Assert.Throws<ArgumentException>(() => Create([FakeAdapter.Advertising("fake-ads"), FakeAdapter.Payments("fake-ads")], ServiceFixture.TestOptions()));

        Assert.Contains("'fake-ads'", exception.Message, StringComparison.Ordinal);
        Assert.Equal("providers", exception.ParamName);
    }

    [Fact]
    public void Constructor_AdapterUsingANativeFeatureKey_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => Create([FakeAdapter.Advertising("ai-chat")], ServiceFixture.TestOptions()));

        Assert.Contains("'ai-chat'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("native", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ConnectTimeoutNotShorterThanTheReservationLifetime_ThrowsOptionsValidationException()
    {
        var options = ServiceFixture.TestOptions();
        options.ConnectTimeout = options.PendingReservationLifetime;

        var exception = Assert.Throws<OptionsValidationException>(() => Create([], options));

        Assert.Contains(exception.Failures, f => f.Contains(nameof(ConnectedAppsOptions.ConnectTimeout), StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_EmptyPlanCatalog_ThrowsOptionsValidationException()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Create([], new ConnectedAppsOptions()));

        Assert.Contains(exception.Failures, f => f.Contains(nameof(ConnectedAppsOptions.Plans), StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_NullSink_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new ConnectedAppsService(
            new InMemoryStoreRepository(), [], [null!], new FakeClock(StoreFixture.Start), Options.Create(ServiceFixture.TestOptions()), NullLogger<ConnectedAppsService>.Instance, null));
    }

    [Fact]
    public void Constructor_ValidAdapters_ListsTheirDescriptorsByKey()
    {
        using var service = Create([FakeAdapter.Payments("fake-pay"), FakeAdapter.Advertising("fake-ads")], ServiceFixture.TestOptions());

        Assert.Equal(["fake-ads", "fake-pay"], service.Providers.Select(p => p.Key.Value));
        Assert.True(service.TryGetProvider(new ProviderKey("fake-pay"), out var found));
        Assert.Equal("fake-pay", found.Descriptor.Key.Value);
    }

    private static ConnectedAppsService Create(IEnumerable<IIntegrationProvider> adapters, ConnectedAppsOptions options) =>
        new(new InMemoryStoreRepository(), adapters, Array.Empty<IStoreEventSink>(), new FakeClock(StoreFixture.Start), Options.Create(options), NullLogger<ConnectedAppsService>.Instance, null);
}
