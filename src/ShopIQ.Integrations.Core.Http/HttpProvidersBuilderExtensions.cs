using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using ShopIQ.Integrations.Core.DependencyInjection;

namespace ShopIQ.Integrations.Core.Http;

/// <summary>Adds the HTTP adapters to the connected-apps service.</summary>
public static class HttpProvidersBuilderExtensions
{
    /// <summary>
    /// Adds the built-in adapters that talk to their provider over HTTP, in place of the offline ones: Razorpay, Shiprocket,
    /// WATI, Google Analytics 4, Meta Pixel and Amazon Seller Central, with the providers' production APIs.
    /// An offline adapter added earlier (by <c>AddBuiltInProviders()</c>) is removed; call <c>AddBuiltInProviders()</c>
    /// after this and the service fails when it is created, naming the provider twice.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <remarks>
    /// Each provider gets its own named <see cref="HttpClient"/> with the standard resilience pipeline (rate limiter, total
    /// timeout, retry honouring Retry-After, circuit breaker, attempt timeout) and without HttpClientFactory's request
    /// logging, which would print request URIs (Google Analytics' API secret travels in the query). The setups connected are
    /// kept in <see cref="IProviderCredentialStore"/> (in memory unless the host registers its own, before or after this
    /// call). Adapters whose provider reports activity are also registered as <see cref="IProviderActivityReader"/>.
    /// The options are validated on start; Amazon Seller Central needs <see cref="HttpProvidersOptions.AmazonClientId"/> and
    /// <see cref="HttpProvidersOptions.AmazonClientSecret"/>, set with the other overload or by configuration.
    /// </remarks>
    public static ShopIQIntegrationsBuilder AddHttpProviders(this ShopIQIntegrationsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddHttpProvidersCore(builder);
    }

    /// <summary>Adds the HTTP adapters as <see cref="AddHttpProviders(ShopIQIntegrationsBuilder)"/> does, and configures them.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the base addresses, Amazon's app credentials and the resilience limits; the defaults are the providers' production APIs.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ShopIQIntegrationsBuilder AddHttpProviders(this ShopIQIntegrationsBuilder builder, Action<HttpProvidersOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return AddHttpProvidersCore(builder);
    }

    private static ShopIQIntegrationsBuilder AddHttpProvidersCore(ShopIQIntegrationsBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HttpProvidersOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpProvidersOptions>, HttpProvidersOptionsValidator>());
        services.TryAddSingleton<IProviderCredentialStore, InMemoryProviderCredentialStore>();

        AddClient(services, RazorpayHttpProvider.ClientName, o => o.RazorpayBaseAddress);
        AddClient(services, ShiprocketHttpProvider.ClientName, o => o.ShiprocketBaseAddress);
        AddClient(services, WatiHttpProvider.ClientName, baseAddress: null);
        AddClient(services, GoogleAnalyticsHttpProvider.ClientName, o => o.GoogleAnalyticsBaseAddress);
        AddClient(services, MetaPixelHttpProvider.ClientName, o => o.MetaGraphBaseAddress);
        AddClient(services, AmazonSellerCentralHttpProvider.ClientName, baseAddress: null);
        Replace<RazorpayProvider>(services);
        Replace<ShiprocketProvider>(services);
        Replace<WatiProvider>(services);
        Replace<GoogleAnalyticsProvider>(services);
        Replace<MetaPixelProvider>(services);
        Replace<AmazonSellerCentralProvider>(services);
        // The reader is the Meta adapter the service uses, not a second instance.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderActivityReader, MetaPixelHttpProvider>(
            provider => provider.GetServices<IIntegrationProvider>().OfType<MetaPixelHttpProvider>().First()));
        return builder
            .AddProvider<RazorpayHttpProvider>()
            .AddProvider<ShiprocketHttpProvider>()
            .AddProvider<WatiHttpProvider>()
            .AddProvider<GoogleAnalyticsHttpProvider>()
            .AddProvider<MetaPixelHttpProvider>()
            .AddProvider<AmazonSellerCentralHttpProvider>();
    }

    // A client without a base address (WATI: each merchant's tenant has its own endpoint; Amazon: two hosts) gets absolute request URIs.
    private static void AddClient(IServiceCollection services, string name, Func<HttpProvidersOptions, Uri>? baseAddress)
    {
        var client = services
            .AddHttpClient(name, (provider, http) =>
            {
                if (baseAddress is not null)
                {
                    http.BaseAddress = baseAddress(provider.GetRequiredService<IOptions<HttpProvidersOptions>>().Value);
                }

                // The adapters bound each call themselves (TotalTimeout, reading the body included).
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // HttpClientFactory's default loggers print the request URI (a query may carry a token); the adapters log nothing.
            .RemoveAllLoggers();
        var pipeline = client.AddStandardResilienceHandler();
        services.AddOptions<HttpStandardResilienceOptions>(pipeline.PipelineName)
            .Configure<IOptions<HttpProvidersOptions>>((resilience, configured) =>
            {
                var settings = configured.Value;
                resilience.AttemptTimeout.Timeout = settings.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = settings.TotalTimeout;
                resilience.Retry.MaxRetryAttempts = settings.MaxRetryAttempts;
                resilience.Retry.Delay = settings.RetryBaseDelay;
                resilience.Retry.ShouldRetryAfterHeader = true;
                var sampling = settings.AttemptTimeout * 2;
                resilience.CircuitBreaker.SamplingDuration = sampling > TimeSpan.FromSeconds(30) ? sampling : TimeSpan.FromSeconds(30);
            });
    }

    // Removes the offline adapter that an HTTP adapter replaces, if AddBuiltInProviders() added it.
    private static void Replace<TOffline>(IServiceCollection services)
        where TOffline : IIntegrationProvider
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IIntegrationProvider) && !descriptor.IsKeyedService && descriptor.ImplementationType == typeof(TOffline))
            {
                services.RemoveAt(i);
            }
        }
    }
}
