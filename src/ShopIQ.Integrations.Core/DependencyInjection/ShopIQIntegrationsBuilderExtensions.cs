using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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

    /// <summary>
    /// Adds a named event subscription: a hosted service delivers every event of every saved change to
    /// <typeparamref name="THandler"/> at least once, in order within each store, from a checkpoint kept in the store
    /// repository, with one instance dispatching it at a time (see <see cref="IStoreEventHandler"/>).
    /// </summary>
    /// <typeparam name="THandler">The handler type, registered scoped (resolved once per batch) unless registered already.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The subscription's name, a lower-case slug of at most 64 characters (for example <c>billing</c>); it names its checkpoint, so keep it when you deploy again.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a slug, or a subscription of that name was added already.</exception>
    /// <remarks>
    /// Options are named after the subscription: <c>services.Configure&lt;EventSubscriptionOptions&gt;(name, ...)</c>, or the
    /// overload that takes a configure action. The host's start fails, naming the subscription, when its options are out of
    /// range or the store repository keeps no events (<see cref="IStoreEventLog"/>).
    /// </remarks>
    public static ShopIQIntegrationsBuilder AddEventSubscription<THandler>(this ShopIQIntegrationsBuilder builder, string name)
        where THandler : class, IStoreEventHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        Preconditions.CheckSlug(name, nameof(name), "Event subscription name");
        if (builder.Services.Any(d => d.ServiceType == typeof(EventSubscriptionRegistration) && d.ImplementationInstance is EventSubscriptionRegistration r && r.Name == name))
        {
            throw new ArgumentException($"An event subscription named '{name}' was added already; each subscription needs its own name (it names its checkpoint).", nameof(name));
        }

        builder.Services.AddSingleton(new EventSubscriptionRegistration(name, typeof(THandler)));
        builder.Services.TryAddScoped<THandler>();
        builder.Services.AddOptions<EventSubscriptionOptions>(name);
        builder.Services.TryAddSingleton(sp => new EventSubscriptions(
            sp.GetRequiredService<IStoreRepository>(),
            sp.GetServices<EventSubscriptionRegistration>(),
            sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventSubscriptionDispatcher>());
        return builder;
    }

    /// <summary>Adds a named event subscription and configures its options (see <see cref="AddEventSubscription{THandler}(ShopIQIntegrationsBuilder, string)"/>).</summary>
    /// <typeparam name="THandler">The handler type, registered scoped unless registered already.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The subscription's name, a lower-case slug of at most 64 characters.</param>
    /// <param name="configure">Sets the subscription's options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a slug, or a subscription of that name was added already.</exception>
    public static ShopIQIntegrationsBuilder AddEventSubscription<THandler>(this ShopIQIntegrationsBuilder builder, string name, Action<EventSubscriptionOptions> configure)
        where THandler : class, IStoreEventHandler
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddEventSubscription<THandler>(builder, name);
        builder.Services.Configure(name, configure);
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
