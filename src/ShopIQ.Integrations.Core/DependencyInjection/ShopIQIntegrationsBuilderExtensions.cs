using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ShopIQ.Integrations.Core.Events;
using ShopIQ.Integrations.Core.Persistence;
using ShopIQ.Integrations.Core.Providers;
using ShopIQ.Integrations.Core.Providers.BuiltIn;

namespace ShopIQ.Integrations.Core.DependencyInjection;

/// <summary>Adds providers, a store repository and event sinks to the connected-apps service.</summary>
public static class ShopIQIntegrationsBuilderExtensions
{
    /// <summary>Adds a provider adapter, created by DI as a singleton. Adding the same type twice adds it once.</summary>
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
}
