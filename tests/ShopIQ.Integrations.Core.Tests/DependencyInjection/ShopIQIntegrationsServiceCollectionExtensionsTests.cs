using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Tests.TestSupport;

namespace ShopIQ.Integrations.Core.Tests.DependencyInjection;

public sealed class ShopIQIntegrationsServiceCollectionExtensionsTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["ShopIQ:Integrations:Plans:0:Id"] = "starter",
        ["ShopIQ:Integrations:Plans:0:Name"] = "Starter",
        ["ShopIQ:Integrations:Plans:0:Tier"] = "1",
        ["ShopIQ:Integrations:Plans:0:ConnectedApps"] = "3",
        ["ShopIQ:Integrations:Plans:0:AiCredits"] = "100",
        ["ShopIQ:Integrations:Plans:1:Id"] = "enterprise",
        ["ShopIQ:Integrations:Plans:1:Name"] = "Enterprise",
        ["ShopIQ:Integrations:Plans:1:Tier"] = "4",
        ["ShopIQ:Integrations:Plans:1:Unlimited"] = "true",
        ["ShopIQ:Integrations:Plans:1:AiCredits"] = "10000",
        ["ShopIQ:Integrations:PendingReservationLifetime"] = "00:10:00",
        ["ShopIQ:Integrations:UnusedAppWindow"] = "14.00:00:00",
        ["ShopIQ:Integrations:CriticalCategories:0"] = "Payments",
        ["ShopIQ:Integrations:NearlyFullThreshold"] = "0.5",
        ["ShopIQ:Integrations:SupportContact"] = "support@shopiq.invalid",
        ["ShopIQ:Integrations:ImplementationPartnerContact"] = "partners@shopiq.invalid",
        ["ShopIQ:Integrations:ConnectTimeout"] = "00:01:00",
    };

    private static IConfigurationSection Section(IDictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(ConnectedAppsOptions.SectionName);

    [Fact]
    public void AddShopIQIntegrations_Configuration_BindsCatalogAndSettingsIntoThePolicy()
    {
        var services = new ServiceCollection();
        services.AddShopIQIntegrations(Section(Settings));
        using var provider = services.BuildServiceProvider();

        var policy = provider.GetRequiredService<ConnectedAppsService>().Policy;

        Assert.Equal(["starter", "enterprise"], policy.Catalog.Plans.Select(p => p.Id.Value));
        Assert.True(policy.Catalog.TryGetPlan(new PlanId("starter"), out var starter));
        Assert.Equal(SlotAllowance.Of(3), starter.ConnectedApps);
        Assert.True(policy.Catalog.TryGetPlan(new PlanId("enterprise"), out var enterprise));
        Assert.Equal(SlotAllowance.Unlimited, enterprise.ConnectedApps);
        Assert.Equal(Duration.FromMinutes(10), policy.PendingReservationLifetime);
        Assert.Equal(Duration.FromDays(14), policy.UnusedAppWindow);
        Assert.Equal([ProviderCategory.Payments], policy.CriticalCategories);
        Assert.Equal(0.5, policy.NearlyFullThreshold);
        Assert.Equal(new SupportRoute("support@shopiq.invalid", "partners@shopiq.invalid"), policy.Support);
    }

    [Fact]
    public void AddShopIQIntegrations_UnsetOptionalSettings_KeepThePolicyDefaults()
    {
        var services = new ServiceCollection();
        services.AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 3 }));
        using var provider = services.BuildServiceProvider();

        var policy = provider.GetRequiredService<ConnectedAppsService>().Policy;
        var defaults = new ConnectedAppsPolicy(policy.Catalog);

        Assert.Equal(defaults.PendingReservationLifetime, policy.PendingReservationLifetime);
        Assert.Equal(defaults.UnusedAppWindow, policy.UnusedAppWindow);
        Assert.Equal(defaults.CriticalCategories.Order(), policy.CriticalCategories.Order());
        Assert.Equal(defaults.NearlyFullThreshold, policy.NearlyFullThreshold);
        Assert.Equal(defaults.Support, policy.Support);
    }

    [Fact]
    public void AddShopIQIntegrations_Defaults_InMemoryRepositorySystemClockNoProvidersNoSinks()
    {
        var services = new ServiceCollection();
        services.AddShopIQIntegrations(Section(Settings));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryStoreRepository>(provider.GetRequiredService<IStoreRepository>());
        Assert.Same(SystemClock.Instance, provider.GetRequiredService<IClock>());
        Assert.Empty(provider.GetServices<IIntegrationProvider>());
        Assert.Empty(provider.GetServices<IStoreEventSink>());
        Assert.Empty(provider.GetRequiredService<ConnectedAppsService>().Providers);
    }

    [Fact]
    public void AddShopIQIntegrations_CalledTwiceWithEverything_RegistersEachPartOnce()
    {
        var section = Section(Settings);
        var once = new ServiceCollection();
        Register(once, section);
        var twice = new ServiceCollection();
        Register(twice, section);
        Register(twice, section);

        Assert.Equal(Describe(once), Describe(twice));
        using var provider = twice.BuildServiceProvider();
        Assert.Equal(2, provider.GetRequiredService<IOptions<ConnectedAppsOptions>>().Value.Plans.Count);
        Assert.Equal(BuiltInProviders.All.Count + 1, provider.GetRequiredService<ConnectedAppsService>().Providers.Count);
        Assert.Single(provider.GetServices<IStoreEventSink>());

        static void Register(IServiceCollection services, IConfiguration section) =>
            services.AddShopIQIntegrations(section).AddBuiltInProviders().AddProvider<TestLogisticsProvider>().AddEventSink<ServiceFixture.RecordingSink>();

        static string[] Describe(IServiceCollection services) =>
            services.Select(d => $"{d.ServiceType.Name} {d.Lifetime} {d.ImplementationType?.Name ?? d.ImplementationInstance?.GetType().Name ?? "factory"}").ToArray();
    }

    [Fact]
    public void AddShopIQIntegrations_SameDelegateTwice_AppliesItOnce()
    {
        var services = new ServiceCollection();
        Action<ConnectedAppsOptions> configure = options => options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 3 });
        services.AddShopIQIntegrations(configure);
        services.AddShopIQIntegrations(configure);
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetRequiredService<IOptions<ConnectedAppsOptions>>().Value.Plans);
        Assert.NotNull(provider.GetRequiredService<ConnectedAppsService>());
    }

    [Fact]
    public void AddShopIQIntegrations_ClockRegisteredFirst_IsKept()
    {
        var clock = new FakeClock(StoreFixture.Start);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddShopIQIntegrations(Section(Settings));
        using var provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public async Task AddProviderAndAddEventSink_RegisteredParts_AreUsedByTheService()
    {
        var clock = new FakeClock(StoreFixture.Start);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddShopIQIntegrations(Section(Settings)).AddProvider<TestLogisticsProvider>().AddEventSink<ServiceFixture.RecordingSink>();
        using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<ConnectedAppsService>();
        var store = new StoreId("store-di");

        await service.OpenStoreAsync(new OpenStoreCommand(store, new PlanId("starter"), StoreFixture.Merchant, IdempotencyKey.New()), CancellationToken.None);
        var result = await service.ConnectAsync(
            new ConnectAppCommand(store, TestLogisticsProvider.Key, ProviderSetup.Empty.With("account", "acme-1"), StoreFixture.Merchant, IdempotencyKey.New()),
            CancellationToken.None);

        Assert.Equal(OutcomeStatus.Connected, result.Status);
        var sink = Assert.IsType<ServiceFixture.RecordingSink>(provider.GetRequiredService<IStoreEventSink>());
        Assert.Contains(sink.Events, e => e is ConnectionActivated activated && activated.Provider == TestLogisticsProvider.Key);
    }

    [Fact]
    public void UseStoreRepository_ReplacesTheInMemoryDefault_AndTheLastCallWins()
    {
        var services = new ServiceCollection();
        services.AddShopIQIntegrations(Section(Settings)).UseStoreRepository<OtherRepository>();
        services.AddShopIQIntegrations(Section(Settings));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<OtherRepository>(provider.GetRequiredService<IStoreRepository>());
        Assert.Single(services, d => d.ServiceType == typeof(IStoreRepository));
    }

    [Fact]
    public void AddShopIQIntegrations_TwoAdapterTypesWithOneKey_FailWhenTheServiceIsCreatedNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddShopIQIntegrations(Section(Settings)).AddProvider<TestLogisticsProvider>().AddProvider<SameKeyProvider>();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<ConnectedAppsService>());
        Assert.Contains("'acme-logistics'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtensionMethods_LiveInTheLibrarysNamespace_NotMicrosofts()
    {
        Assert.Equal("ShopIQ.Integrations.Core.DependencyInjection", typeof(ShopIQIntegrationsServiceCollectionExtensions).Namespace);
        Assert.Equal("ShopIQ.Integrations.Core.DependencyInjection", typeof(ShopIQIntegrationsBuilderExtensions).Namespace);
    }

    [Fact]
    public void AddShopIQIntegrations_NullArguments_Throw()
    {
        var services = new ServiceCollection();
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddShopIQIntegrations()).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => services.AddShopIQIntegrations((Action<ConnectedAppsOptions>)null!)).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => services.AddShopIQIntegrations((IConfiguration)null!)).ParamName);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((ShopIQIntegrationsBuilder)null!).AddBuiltInProviders()).ParamName);
    }

    /// <summary>A stand-in for another repository (a database one, say).</summary>
    private sealed class OtherRepository : IStoreRepository
    {
        private readonly InMemoryStoreRepository _inner = new();

        public Task<LoadedStore> LoadAsync(StoreId store, IdempotencyKey? key, CancellationToken cancellationToken) => _inner.LoadAsync(store, key, cancellationToken);

        public Task<SaveOutcome> SaveAsync(StoreChange change, CancellationToken cancellationToken) => _inner.SaveAsync(change, cancellationToken);

        public Task<IReadOnlyList<StoreId>> FindStoresWithDueReservationsAsync(Instant now, int limit, CancellationToken cancellationToken) =>
            _inner.FindStoresWithDueReservationsAsync(now, limit, cancellationToken);

        public Task<IReadOnlyList<UnfinishedConnect>> FindUnfinishedConnectsAsync(Instant recordedBefore, int limit, CancellationToken cancellationToken) =>
            _inner.FindUnfinishedConnectsAsync(recordedBefore, limit, cancellationToken);

        public Task<int> PurgeIdempotencyRecordsAsync(Instant recordedBefore, CancellationToken cancellationToken) => _inner.PurgeIdempotencyRecordsAsync(recordedBefore, cancellationToken);


        public Task<Core.SlotLedger?> ReadLedgerAsync(StoreId store, CancellationToken cancellationToken) => _inner.ReadLedgerAsync(store, cancellationToken);


        public Task<bool> WriteSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken) => _inner.WriteSnapshotAsync(snapshot, cancellationToken);
    }

    private sealed class SameKeyProvider : TestLogisticsProvider
    {
    }
}
