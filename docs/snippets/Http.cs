// The HTTP package's PACKAGE.md.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Http;

namespace DocSnippets;

internal static class HttpSnippets
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        #region HttpProviders
        services.AddShopIQIntegrations(configuration.GetSection(ConnectedAppsOptions.SectionName))
            .AddBuiltInProviders()
            .AddHttpProviders(); // the built-in providers' adapters now ask each provider over HTTPS
        #endregion
    }
}
