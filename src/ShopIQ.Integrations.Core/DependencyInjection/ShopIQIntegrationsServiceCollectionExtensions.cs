using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
namespace ShopIQ.Integrations.Core.DependencyInjection;

/// <summary>Registers the connected-apps service and its parts.</summary>
/// <remarks>
/// Registrations use <c>TryAdd*</c>, so calling these twice, or registering your own <see cref="IClock"/>
/// or <see cref="IStoreRepository"/> first, is safe. The same configuration section or configure
/// delegate given twice is applied once. Defaults: NodaTime's system clock, <see cref="InMemoryStoreRepository"/>,
/// no providers, no event sinks. Options are validated when the host starts (<c>ValidateOnStart</c>).
/// </remarks>
public static class ShopIQIntegrationsServiceCollectionExtensions
{
    /// <summary>Registers the service with options set only by code (<c>services.Configure&lt;ConnectedAppsOptions&gt;</c>) or not at all.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder, to add providers, a repository and sinks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static ShopIQIntegrationsBuilder AddShopIQIntegrations(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services, string.Empty);
        return new ShopIQIntegrationsBuilder(services);
    }

    /// <summary>Registers the service with options set by a delegate.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: the plan catalog at least.</param>
    /// <returns>The builder, to add providers, a repository and sinks.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ShopIQIntegrationsBuilder AddShopIQIntegrations(this IServiceCollection services, Action<ConnectedAppsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services, string.Empty);
        if (!services.Any(d => d.ImplementationInstance is Applied applied && ReferenceEquals(applied.Source, configure)))
        {
            services.AddSingleton(new Applied(configure));
            services.Configure(configure);
        }

        return new ShopIQIntegrationsBuilder(services);
    }

    /// <summary>Registers the service with options bound from configuration, such as the <c>ShopIQ:Integrations</c> section of <c>appsettings.json</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options; validation messages name settings by its path.</param>
    /// <returns>The builder, to add providers, a repository and sinks.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ShopIQIntegrationsBuilder AddShopIQIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services, (configuration as IConfigurationSection)?.Path ?? string.Empty);
        if (!services.Any(d => d.ImplementationInstance is Applied applied && ReferenceEquals(applied.Source, configuration)))
        {
            services.AddSingleton(new Applied(configuration));
            services.AddOptions<ConnectedAppsOptions>().Bind(configuration);
            services.AddSingleton<IValidateOptions<ConnectedAppsOptions>>(new ConfigurationShapeValidator(configuration));
        }

        return new ShopIQIntegrationsBuilder(services);
    }

    private static void AddCore(IServiceCollection services, string section)
    {
        if (!services.Any(d => d.ServiceType == typeof(ConnectedAppsService)))
        {
            // ValidateOnStart is not idempotent (it adds a configuration each call), so it is added once.
            services.AddOptions<ConnectedAppsOptions>().ValidateOnStart();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectedAppsOptions>>(new ConnectedAppsOptionsValidator(section)));
#pragma warning disable RS0030 // The DI edge is the one place the real clock is chosen; everything else takes IClock.
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton<IStoreRepository, InMemoryStoreRepository>();
        services.TryAddSingleton(sp => new ConnectedAppsService(
            sp.GetRequiredService<IStoreRepository>(),
            sp.GetServices<IIntegrationProvider>(),
            sp.GetServices<IStoreEventSink>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOptions<ConnectedAppsOptions>>(),
            sp.GetService<ILogger<ConnectedAppsService>>() ?? NullLogger<ConnectedAppsService>.Instance,
            sp.GetService<IMeterFactory>()));
    }

    /// <summary>Marks a configuration source already applied, so a second call does not bind the plans twice.</summary>
    private sealed class Applied(object source)
    {
        public object Source { get; } = source;
    }
}
