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
    /// Adds the built-in adapters, with the ones that talk to their provider over HTTP in place of the offline ones:
    /// Razorpay, Shiprocket and WATI so far; the other built-in providers stay offline (format checks only) until their HTTP adapters ship.
    /// An offline adapter of a provider that has an HTTP one, added earlier (by <c>AddBuiltInProviders()</c>), is removed;
    /// call <c>AddBuiltInProviders()</c> after this and the service fails when it is created, naming the provider twice.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the base addresses and the resilience limits; the defaults are the providers' production APIs.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <remarks>
    /// Each provider gets its own named <see cref="HttpClient"/> with the standard resilience pipeline (rate limiter, total
    /// timeout, retry honouring Retry-After, circuit breaker, attempt timeout) and without HttpClientFactory's request
    /// logging, which would print request URIs. The setups connected are kept in <see cref="IProviderCredentialStore"/>
    /// (in memory unless the host registers its own, before or after this call). The options are validated on start.
    /// </remarks>
    public static ShopIQIntegrationsBuilder AddHttpProviders(this ShopIQIntegrationsBuilder builder, Action<HttpProvidersOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<HttpProvidersOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpProvidersOptions>, HttpProvidersOptionsValidator>());
        services.TryAddSingleton<IProviderCredentialStore, InMemoryProviderCredentialStore>();

        AddClient(services, RazorpayHttpProvider.ClientName, o => o.RazorpayBaseAddress);
        AddClient(services, ShiprocketHttpProvider.ClientName, o => o.ShiprocketBaseAddress);
        AddClient(services, WatiHttpProvider.ClientName, baseAddress: null);
        Replace<RazorpayProvider>(services);
        Replace<ShiprocketProvider>(services);
        Replace<WatiProvider>(services);
        return builder
            .AddProvider<RazorpayHttpProvider>()
            .AddProvider<ShiprocketHttpProvider>()
            .AddProvider<WatiHttpProvider>()
            .AddProvider<GoogleAnalyticsProvider>()
            .AddProvider<MetaPixelProvider>()
            .AddProvider<AmazonSellerCentralProvider>();
    }

    // A client without a base address (WATI: each merchant's tenant has its own endpoint) gets absolute request URIs.
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
