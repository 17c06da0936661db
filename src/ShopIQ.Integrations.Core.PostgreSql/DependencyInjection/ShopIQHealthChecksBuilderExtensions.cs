using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ShopIQ.Integrations.Core.PostgreSql;

namespace ShopIQ.Integrations.Core.DependencyInjection;

/// <summary>Adds the health check of the PostgreSQL store to ASP.NET Core's (or the generic host's) health checks.</summary>
public static class ShopIQHealthChecksBuilderExtensions
{
    /// <summary>The name the store's check is registered under by <see cref="AddShopIQStoreCheck(IHealthChecksBuilder)"/>: <c>shopiq-store</c>.</summary>
    public const string DefaultName = "shopiq-store";

    /// <summary>
    /// Adds a <see cref="PostgreSqlStoreHealthCheck"/> of the store repository registered by <c>UsePostgreSql</c>, named
    /// <see cref="DefaultName"/>, reporting <see cref="HealthStatus.Unhealthy"/> on failure, with no tags.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddHealthChecks()</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <remarks>
    /// The check resolves the store repository when it runs: if the service registered is not a
    /// <see cref="PostgreSqlStoreRepository"/> (<c>UsePostgreSql</c> was not called), it reports the failure status with a
    /// description saying so.
    /// </remarks>
    public static IHealthChecksBuilder AddShopIQStoreCheck(this IHealthChecksBuilder builder) =>
        builder.AddShopIQStoreCheck(DefaultName, []);

    /// <summary>Adds a <see cref="PostgreSqlStoreHealthCheck"/> of the store repository registered by <c>UsePostgreSql</c>, under a name and tags of your own (a readiness tag, say).</summary>
    /// <param name="builder">The builder from <c>services.AddHealthChecks()</c>.</param>
    /// <param name="name">The check's name in the health report.</param>
    /// <param name="tags">Tags to filter checks by; may be empty.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <remarks>As <see cref="AddShopIQStoreCheck(IHealthChecksBuilder)"/>, about a repository that is not PostgreSQL.</remarks>
    public static IHealthChecksBuilder AddShopIQStoreCheck(this IHealthChecksBuilder builder, string name, IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(tags);
        return builder.Add(new HealthCheckRegistration(name, CreateCheck, HealthStatus.Unhealthy, tags.ToArray()));
    }

    private static IHealthCheck CreateCheck(IServiceProvider services) =>
        services.GetRequiredService<IStoreRepository>() switch
        {
            PostgreSqlStoreRepository repository => new PostgreSqlStoreHealthCheck(repository),
            var other => new NotPostgreSqlCheck(other.GetType().Name),
        };

    /// <summary>What the check reports when the store repository is not PostgreSQL: the mistake, as unhealthy, rather than an exception from the health endpoint.</summary>
    private sealed class NotPostgreSqlCheck(string repository) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new HealthCheckResult(
                context.Registration.FailureStatus,
                $"AddShopIQStoreCheck checks the PostgreSQL store, but the store repository is {repository}: call UsePostgreSql on the builder from AddShopIQIntegrations."));
    }
}
