using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>
/// A health check of the PostgreSQL store: healthy when the database answers a cheap query (it reads the schema's
/// version, from the catalog), unhealthy when it cannot be reached or refuses. Register it with
/// <c>services.AddHealthChecks().AddShopIQStoreCheck()</c>.
/// </summary>
/// <remarks>
/// One round trip per check, on the repository's own connection pool and without its retries, so a database that is
/// down is reported as soon as the connection fails. The description never holds the connection string or any part of
/// it (a password could be in it): it names the problem's kind and PostgreSQL's error code. The exception is attached,
/// for logs; Npgsql's messages name the host, never the password. A schema not created yet is healthy when
/// <see cref="PostgreSqlStoreOptions.CreateSchema"/> is on (the first command creates it), unhealthy otherwise.
/// Thread-safe.
/// </remarks>
public sealed class PostgreSqlStoreHealthCheck : IHealthCheck
{
    private readonly PostgreSqlStoreRepository _repository;

    /// <summary>Creates the check of a repository.</summary>
    /// <param name="repository">The repository to check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="repository"/> is null.</exception>
    public PostgreSqlStoreHealthCheck(PostgreSqlStoreRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <summary>Asks the database for the schema's version.</summary>
    /// <param name="context">The registration being checked; its failure status is used when the store is not usable.</param>
    /// <param name="cancellationToken">Cancels the check (the health check service's timeout, say).</param>
    /// <returns>Healthy, with the schema version in the description; otherwise the registration's failure status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failureStatus = context.Registration.FailureStatus;
        string? version;
        try
        {
            version = await _repository.ReadSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var code = e is PostgresException postgres ? $" (SQLSTATE {postgres.SqlState})" : string.Empty;
            return new HealthCheckResult(failureStatus, $"The PostgreSQL store could not be reached: {e.GetType().Name}{code}.", e);
        }

        if (version is not null)
        {
            return HealthCheckResult.Healthy($"The PostgreSQL store answered: {version}.");
        }

        return _repository.CreatesSchema
            ? HealthCheckResult.Healthy("The PostgreSQL store answered; its schema is created by the first command.")
            : new HealthCheckResult(failureStatus, "The PostgreSQL store answered, but has no shopiq schema, and CreateSchema is off.");
    }
}
