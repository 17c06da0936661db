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

    private static readonly Lazy<string> VersionCommentText = new(() =>
        System.Text.RegularExpressions.Regex.Match(Script, @"^COMMENT ON SCHEMA shopiq IS '([^']+)';", System.Text.RegularExpressions.RegexOptions.Multiline) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The embedded schema script does not end by naming its version."));

    /// <summary>The schema script, as shipped in <c>sql/schema.sql</c>.</summary>
    public static string Script => ScriptText.Value;

    /// <summary>The comment the script leaves on the <c>shopiq</c> schema, naming its version: when the database has it, the script is not run again.</summary>
    internal static string VersionComment => VersionCommentText.Value;

    /// <summary>Creates the schema if it is missing, or brings an older one up to this version; does nothing when the database already has this version (the script leaves its version in the schema's comment). Safe to call any number of times, from any number of instances.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels the creation (nothing is left half-made: it is one transaction).</param>
    /// <returns>A task that completes when the schema is there.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public static async Task EnsureCreatedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Already current: run nothing. The script's ALTER TABLEs take exclusive locks even when they change nothing, and
        // an instance starting while others serve would queue behind their reads, and they behind it.
        await using (var current = new NpgsqlCommand("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'shopiq'", connection))
        {
            if (await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string comment && comment == VersionComment)
            {
                return;
            }
        }

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
