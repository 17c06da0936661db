// docs/postgresql.md and the PostgreSQL package's PACKAGE.md.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;

namespace DocSnippets;

internal static class PostgreSqlSnippets
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        #region UsePostgreSql
        services.AddShopIQIntegrations(configuration.GetSection(ConnectedAppsOptions.SectionName))
            .AddBuiltInProviders()
            .UsePostgreSql(configuration.GetConnectionString("ShopIQ")!); // creates or upgrades schema "shopiq" on start
        #endregion
    }

    public static void RegisterWithOptions(IServiceCollection services, IConfiguration configuration)
    {
        #region UsePostgreSqlOptions
        services.AddShopIQIntegrations(configuration.GetSection(ConnectedAppsOptions.SectionName))
            .UsePostgreSql(configuration.GetConnectionString("ShopIQ")!, o =>
            {
                o.CreateSchema = false;                              // your DBA runs sql/schema.sql
                o.TransientRetryBudget = TimeSpan.FromSeconds(10);   // rides out a fast server restart
            });
        #endregion
    }
}
