using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
namespace ShopIQ.Integrations.Core.DependencyInjection;

/// <summary>Adds providers, a store repository and event sinks to the connected-apps service.</summary>
public static class ShopIQIntegrationsBuilderExtensions
{
    /// <summary>
    /// Adds a provider adapter, created by DI as a singleton. Adding the same type twice adds it once; to add several
    /// adapters of one parameterised type, add instances or factories instead.
    /// </summary>
    /// <typeparam name="TProvider">The adapter type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <remarks>Two adapter types with the same provider key make the service fail when it is created, naming the key.</remarks>
    public static ShopIQIntegrationsBuilder AddProvider<TProvider>(this ShopIQIntegrationsBuilder builder)
        where TProvider : class, IIntegrationProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IIntegrationProvider, TProvider>());
        return builder;
    }

    /// <summary>
    /// Adds a provider adapter instance, for example one of several instances of a parameterised adapter type (a generic
    /// HTTP adapter configured once per provider). Adding the same instance twice adds it once; two instances of one type
    /// are two adapters.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="provider">The adapter; the caller owns it, so DI does not dispose it.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>Two adapters with the same provider key make the service fail when it is created, naming the key.</remarks>
    public static ShopIQIntegrationsBuilder AddProvider(this ShopIQIntegrationsBuilder builder, IIntegrationProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        AddOnce(builder.Services, ServiceDescriptor.Singleton(provider));
        return builder;
    }

    /// <summary>
    /// Adds a provider adapter created by a factory, once, as a singleton: for an adapter that needs settings or services
    /// its constructor cannot get from DI alone. Adding the same factory delegate twice adds it once; different factories
    /// of one type are different adapters.
    /// </summary>
    /// <typeparam name="TProvider">The adapter type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the adapter from the service provider; DI disposes what it returns, if disposable.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>Two adapters with the same provider key make the service fail when it is created, naming the key.</remarks>
    public static ShopIQIntegrationsBuilder AddProvider<TProvider>(this ShopIQIntegrationsBuilder builder, Func<IServiceProvider, TProvider> factory)
        where TProvider : class, IIntegrationProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        AddOnce(builder.Services, ServiceDescriptor.Singleton<IIntegrationProvider>(factory));
        return builder;
    }

    /// <summary>Adds the built-in adapters: Razorpay, Shiprocket, WATI, Google Analytics 4, Meta Pixel and Amazon Seller Central.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ShopIQIntegrationsBuilder AddBuiltInProviders(this ShopIQIntegrationsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddProvider<RazorpayProvider>()
            .AddProvider<ShiprocketProvider>()
            .AddProvider<WatiProvider>()
            .AddProvider<GoogleAnalyticsProvider>()
            .AddProvider<MetaPixelProvider>()
            .AddProvider<AmazonSellerCentralProvider>();
    }

    /// <summary>Uses another store repository instead of the in-memory default (for example a database). Calling it again replaces the earlier choice.</summary>
    /// <typeparam name="TRepository">The repository type, created by DI as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ShopIQIntegrationsBuilder UseStoreRepository<TRepository>(this ShopIQIntegrationsBuilder builder)
        where TRepository : class, IStoreRepository
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IStoreRepository>();
        builder.Services.AddSingleton<IStoreRepository, TRepository>();
        return builder;
    }

    /// <summary>Adds an event sink, created by DI as a singleton; it receives each saved change's events. Adding the same type twice adds it once.</summary>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ShopIQIntegrationsBuilder AddEventSink<TSink>(this ShopIQIntegrationsBuilder builder)
        where TSink : class, IStoreEventSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoreEventSink, TSink>());
        return builder;
    }

    /// <summary>Adds an event sink instance; it receives each saved change's events. Adding the same instance twice adds it once.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="sink">The sink; the caller owns it, so DI does not dispose it.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ShopIQIntegrationsBuilder AddEventSink(this ShopIQIntegrationsBuilder builder, IStoreEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sink);
        AddOnce(builder.Services, ServiceDescriptor.Singleton(sink));
        return builder;
    }

    /// <summary>Adds an event sink created by a factory, once, as a singleton. Adding the same factory delegate twice adds it once.</summary>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the sink from the service provider; DI disposes what it returns, if disposable.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ShopIQIntegrationsBuilder AddEventSink<TSink>(this ShopIQIntegrationsBuilder builder, Func<IServiceProvider, TSink> factory)
        where TSink : class, IStoreEventSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        AddOnce(builder.Services, ServiceDescriptor.Singleton<IStoreEventSink>(factory));
        return builder;
    }

    // TryAddEnumerable de-duplicates by implementation type, which would keep only the first of two instances (or
    // factories) of one adapter type; these registrations are de-duplicated by the instance or delegate itself.
    private static void AddOnce(IServiceCollection services, ServiceDescriptor descriptor)
    {
        var same = services.Any(d => d.ServiceType == descriptor.ServiceType
            && !d.IsKeyedService
            && ((descriptor.ImplementationInstance is { } instance && ReferenceEquals(d.ImplementationInstance, instance))
                || (descriptor.ImplementationFactory is { } factory && ReferenceEquals(d.ImplementationFactory, factory))));
        if (!same)
        {
            services.Add(descriptor);
        }
    }
}
