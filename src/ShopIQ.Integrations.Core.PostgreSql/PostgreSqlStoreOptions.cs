namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>Settings of <see cref="PostgreSqlStoreRepository"/>.</summary>
/// <remarks>
/// Bound from configuration or set in code through
/// <see cref="DependencyInjection.ShopIQIntegrationsBuilderPostgreSqlExtensions.UsePostgreSql(DependencyInjection.ShopIQIntegrationsBuilder, string, Action{PostgreSqlStoreOptions})"/>;
/// checked at start-up by <see cref="PostgreSqlStoreOptionsValidator"/>.
/// </remarks>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The configuration section these settings are usually bound from.</summary>
    public const string SectionName = "ShopIQ:Integrations:PostgreSql";

    /// <summary>The Npgsql connection string of the shared database. Required unless a data source is given in code.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether the repository creates the schema (idempotently) before its first use. Default true; turn it off when DBAs run <c>sql/schema.sql</c> themselves.</summary>
    public bool CreateSchema { get; set; } = true;

    /// <summary>
    /// How long a load or save keeps retrying a transient failure (serialization failure, deadlock, dropped connection,
    /// server shutting down or starting) before the error is thrown, counted from the first attempt. Default 10 s, which
    /// rides out a fast restart of the server (an immediate restart refuses connections for a second or two while it
    /// recovers); zero turns retries off. Zero to 5 minutes.
    /// </summary>
    public TimeSpan TransientRetryBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The wait before the first retry; each later wait is twice as long, at most 1 s, and jittered (between half and one
    /// and a half times it) so instances that failed together do not retry together. Default 50 ms; zero to 10 s.
    /// </summary>
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
