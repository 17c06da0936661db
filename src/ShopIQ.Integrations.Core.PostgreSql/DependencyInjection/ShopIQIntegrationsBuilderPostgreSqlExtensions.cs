using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ShopIQ.Integrations.Core.PostgreSql;

namespace ShopIQ.Integrations.Core.DependencyInjection;

/// <summary>Registers <see cref="PostgreSqlStoreRepository"/> as the store repository of the connected-apps service.</summary>
public static class ShopIQIntegrationsBuilderPostgreSqlExtensions
{
    /// <summary>
    /// Keeps stores in a PostgreSQL database shared by every instance of the service, in place of the in-memory default,
    /// with the default settings. The settings are checked when the host starts; the schema is created on first use.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopIQIntegrations</c>.</param>
    /// <param name="connectionString">The Npgsql connection string of the shared database.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is null.</exception>
    public static ShopIQIntegrationsBuilder UsePostgreSql(this ShopIQIntegrationsBuilder builder, string connectionString) =>
        builder.UsePostgreSql(connectionString, static _ => { });

    /// <summary>
    /// Keeps stores in a PostgreSQL database shared by every instance of the service, in place of the in-memory default.
    /// The settings are checked when the host starts; the schema is created on first use unless
    /// <see cref="PostgreSqlStoreOptions.CreateSchema"/> is turned off.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopIQIntegrations</c>.</param>
    /// <param name="connectionString">The Npgsql connection string of the shared database.</param>
    /// <param name="configure">Further settings.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ShopIQIntegrationsBuilder UsePostgreSql(this ShopIQIntegrationsBuilder builder, string connectionString, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.UsePostgreSql(options =>
        {
            options.ConnectionString = connectionString;
            configure(options);
        });
    }

    /// <summary>
    /// Keeps stores in a PostgreSQL database shared by every instance of the service, with every setting (the connection
    /// string included) from <paramref name="configure"/> and from any other configuration of <see cref="PostgreSqlStoreOptions"/>,
    /// such as <c>services.Configure&lt;PostgreSqlStoreOptions&gt;(configuration.GetSection(PostgreSqlStoreOptions.SectionName))</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopIQIntegrations</c>.</param>
    /// <param name="configure">The settings.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ShopIQIntegrationsBuilder UsePostgreSql(this ShopIQIntegrationsBuilder builder, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var options = services.AddOptions<PostgreSqlStoreOptions>().Configure(configure);
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<PostgreSqlStoreOptions>) && d.ImplementationType == typeof(PostgreSqlStoreOptionsValidator)))
        {
            services.AddSingleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>();
            options.ValidateOnStart();
        }

        services.RemoveAll<IStoreRepository>();
        services.AddSingleton<IStoreRepository>(static provider => new PostgreSqlStoreRepository(provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value));
        return builder;
    }
}
