using Npgsql;
namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>The health probe: one cheap round trip, outside the retries, so a health check answers fast when the database is down.</summary>
public sealed partial class PostgreSqlStoreRepository
{
    private const string SchemaVersionSql = "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'shopiq'";

    /// <summary>Reads the comment naming the schema's version, or null when the schema is not created yet; throws when the database cannot be reached.</summary>
    internal async Task<string?> ReadSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SchemaVersionSql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Whether the database will be given the schema on first use (<see cref="PostgreSqlStoreOptions.CreateSchema"/>).</summary>
    internal bool CreatesSchema => _options.CreateSchema;
}
