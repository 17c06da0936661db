using Npgsql;

namespace ShopIQ.Integrations.Core.PostgreSql;

/// <summary>The database schema of <see cref="PostgreSqlStoreRepository"/>: tables, constraints and the <c>shopiq.save_change</c> and <c>shopiq.save_entry</c> functions, in the <c>shopiq</c> schema.</summary>
/// <remarks>
/// The same script ships in the package as <c>sql/schema.sql</c> for DBAs who run migrations themselves.
/// It is idempotent, and <see cref="EnsureCreatedAsync"/> runs it under an advisory lock, so several
/// instances starting at once do not trip over each other.
/// </remarks>
public static class PostgreSqlStoreSchema
{
    /// <summary>The advisory lock key held while the script runs (the ASCII of "shopiqsc").</summary>
    private const long SchemaLockKey = 0x73686F7069717363;

    private static readonly Lazy<string> ScriptText = new(ReadScript);

    /// <summary>The schema script, as shipped in <c>sql/schema.sql</c>.</summary>
    public static string Script => ScriptText.Value;

    /// <summary>Creates the schema if it is missing, and brings its function up to date; safe to call any number of times, from any number of instances.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels the creation (nothing is left half-made: it is one transaction).</param>
    /// <returns>A task that completes when the schema is there.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public static async Task EnsureCreatedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand(Script, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReadScript()
    {
        using var stream = typeof(PostgreSqlStoreSchema).Assembly.GetManifestResourceStream("ShopIQ.Integrations.Core.PostgreSql.schema.sql")
            ?? throw new InvalidOperationException("The embedded schema script is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
