using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.DependencyInjection;

/// <summary>Adapters and event sinks added as instances or by factories: several of one type, each added once however often it is added.</summary>
public sealed class ShopIQIntegrationsBuilderExtensionsTests
{
    private static readonly StoreId Store = new("store-di");

    [Fact]
    public async Task AddProvider_TwoInstancesOfOneTypeForDifferentKeys_BothAreUsedByTheService()
    {
        var services = Services();
        services.AddShopIQIntegrations(Settings())
            .AddProvider(new ParameterisedLogisticsProvider("acme-north"))
            .AddProvider(new ParameterisedLogisticsProvider("acme-south"));
        using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<ConnectedAppsService>();

        Assert.Equal(["acme-north", "acme-south"], service.Providers.Select(p => p.Key.Value));
        await OpenAsync(service);
        Assert.Equal(OutcomeStatus.Connected, (await ConnectAsync(service, "acme-north")).Status);
        Assert.Equal(OutcomeStatus.Connected, (await ConnectAsync(service, "acme-south")).Status);
    }

    [Fact]
    public void AddProvider_TwoInstancesForOneKey_FailWhenTheServiceIsCreatedNamingTheKey()
    {
        var services = Services();
        services.AddShopIQIntegrations(Settings())
            .AddProvider(new ParameterisedLogisticsProvider("acme-north"))
            .AddProvider(new ParameterisedLogisticsProvider("acme-north"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<ConnectedAppsService>());
        Assert.Contains("'acme-north'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddProvider_SameInstanceOrFactoryTwice_AddsItOnce()
    {
        var adapter = new ParameterisedLogisticsProvider("acme-north");
        Func<IServiceProvider, ParameterisedLogisticsProvider> factory = _ => new ParameterisedLogisticsProvider("acme-south");
        var services = Services();
        var settings = Settings();
        services.AddShopIQIntegrations(settings).AddProvider(adapter).AddProvider(factory);
        services.AddShopIQIntegrations(settings).AddProvider(adapter).AddProvider(factory);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IIntegrationProvider)));
        Assert.Equal(["acme-north", "acme-south"], provider.GetRequiredService<ConnectedAppsService>().Providers.Select(p => p.Key.Value));
    }

    [Fact]
    public async Task AddProvider_Factories_AreCalledOnceWithTheServiceProvider()
    {
        var calls = 0;
        var services = Services();
        services.AddShopIQIntegrations(Settings())
            .AddProvider(sp =>
            {
                calls++;
                Assert.NotNull(sp.GetRequiredService<IClock>());
                return new ParameterisedLogisticsProvider("acme-north");
            })
            .AddProvider(_ => new ParameterisedLogisticsProvider("acme-south"))
            .AddProvider<TestLogisticsProvider>();
        using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<ConnectedAppsService>();
        _ = provider.GetServices<IIntegrationProvider>().ToArray();

        Assert.Equal(1, calls);
        Assert.Equal(["acme-logistics", "acme-north", "acme-south"], service.Providers.Select(p => p.Key.Value));
        await OpenAsync(service);
        Assert.Equal(OutcomeStatus.Connected, (await ConnectAsync(service, "acme-south")).Status);
    }

    [Fact]
    public async Task AddEventSink_InstancesAndFactories_EachReceiveTheEventsOnce()
    {
        var first = new ServiceFixture.RecordingSink();
        var second = new ServiceFixture.RecordingSink();
        var made = new ServiceFixture.RecordingSink();
        Func<IServiceProvider, ServiceFixture.RecordingSink> factory = _ => made;
        var services = Services();
        services.AddShopIQIntegrations(Settings())
            .AddProvider(new ParameterisedLogisticsProvider("acme-north"))
            .AddEventSink(first).AddEventSink(first)
            .AddEventSink(second)
            .AddEventSink(factory).AddEventSink(factory);
        using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<ConnectedAppsService>();

        await OpenAsync(service);
        await ConnectAsync(service, "acme-north");

        Assert.Equal(3, services.Count(d => d.ServiceType == typeof(IStoreEventSink)));
        foreach (var sink in new[] { first, second, made })
        {
            Assert.Single(sink.Events, e => e is ConnectionActivated or AppConnected);
        }
    }

    [Fact]
    public void AddProviderAndAddEventSink_NullArguments_Throw()
    {
        var builder = new ServiceCollection().AddShopIQIntegrations();
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((ShopIQIntegrationsBuilder)null!).AddProvider(new ParameterisedLogisticsProvider("a"))).ParamName);
        Assert.Equal("provider", Assert.Throws<ArgumentNullException>(() => builder.AddProvider((IIntegrationProvider)null!)).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => builder.AddProvider((Func<IServiceProvider, ParameterisedLogisticsProvider>)null!)).ParamName);
        Assert.Equal("sink", Assert.Throws<ArgumentNullException>(() => builder.AddEventSink((IStoreEventSink)null!)).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => builder.AddEventSink((Func<IServiceProvider, ServiceFixture.RecordingSink>)null!)).ParamName);
    }

    private static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(StoreFixture.Start));
        return services;
    }

    private static IConfigurationSection Settings() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ShopIQ:Integrations:Plans:0:Id"] = "starter",
            ["ShopIQ:Integrations:Plans:0:Name"] = "Starter",
            ["ShopIQ:Integrations:Plans:0:Tier"] = "1",
            ["ShopIQ:Integrations:Plans:0:ConnectedApps"] = "3",
        })
        .Build()
        .GetSection(ConnectedAppsOptions.SectionName);

    private static async Task OpenAsync(ConnectedAppsService service) =>
        Assert.True((await service.OpenStoreAsync(new OpenStoreCommand(Store, new PlanId("starter"), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None)).IsSuccess);

    private static Task<ConnectedAppsResult> ConnectAsync(ConnectedAppsService service, string key) =>
        service.ConnectAsync(new ConnectAppCommand(Store, new ProviderKey(key), ProviderSetup.Empty.With("account", "acme-1"), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
}
