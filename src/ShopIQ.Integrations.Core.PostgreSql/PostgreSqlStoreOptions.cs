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

    /// <summary>How many times a transient failure (serialization failure, deadlock, dropped connection, server restarting) is retried before the error is thrown. Default 4; 0 to 10.</summary>
    public int MaxTransientRetries { get; set; } = 4;

    /// <summary>The wait before the first retry; each later retry waits twice as long, with jitter. Default 50 ms; at most 10 s.</summary>
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
