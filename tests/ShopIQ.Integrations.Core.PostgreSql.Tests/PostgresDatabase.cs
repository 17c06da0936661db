using Npgsql;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>A fresh database on the throwaway cluster, with our schema, for one test class or one test.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(string connectionString, NpgsqlDataSource dataSource)
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string ConnectionString { get; }

    /// <summary>A pool for the test's own SQL (audits, sabotage), separate from any repository's.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static async Task<PostgresDatabase> CreateAsync(PostgresClusterFixture cluster, string prefix)
    {
        var connectionString = cluster.CreateDatabase(prefix);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgreSqlStoreSchema.EnsureCreatedAsync(dataSource, CancellationToken.None);
        return new PostgresDatabase(connectionString, dataSource);
    }

    /// <summary>A fresh database with an earlier version of the schema, <paramref name="schemaScript"/> (see <see cref="EarlierSchema"/>).</summary>
    public static async Task<PostgresDatabase> CreateWithSchemaAsync(PostgresClusterFixture cluster, string prefix, string schemaScript)
    {
        var connectionString = cluster.CreateDatabase(prefix);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var database = new PostgresDatabase(connectionString, dataSource);
        await database.ExecuteAsync(schemaScript);
        return database;
    }

    /// <summary>The schema script of an earlier version, as it shipped (kept in PostgreSql/Schemas/schema-v&lt;version&gt;.sql).</summary>
    public static string EarlierSchema(int version)
    {
        using var stream = typeof(PostgresDatabase).Assembly.GetManifestResourceStream($"ShopIQ.Integrations.Core.Tests.PostgreSql.schema-v{version}.sql")
            ?? throw new InvalidOperationException($"No schema-v{version}.sql is embedded in the test assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A repository with its own pool that leaves the schema as it is (it never runs the current script).</summary>
    public PostgreSqlStoreRepository NewRepositoryOnTheSchemaAsItIs() =>
        new(new PostgreSqlStoreOptions { ConnectionString = ConnectionString, CreateSchema = false });

    /// <summary>A repository with its own pool and the default settings.</summary>
    public PostgreSqlStoreRepository NewRepository() =>
        new(new PostgreSqlStoreOptions { ConnectionString = ConnectionString });

    /// <summary>A repository with its own pool that retries transient failures for <paramref name="retryBudget"/> (zero: never).</summary>
    public PostgreSqlStoreRepository NewRepository(TimeSpan retryBudget) =>
        new(new PostgreSqlStoreOptions { ConnectionString = ConnectionString, TransientRetryBudget = retryBudget });

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Schema version 4's triggers (the guards), by name.</summary>
    public static IReadOnlyList<string> GuardNames { get; } =
    [
        "connections_agree_with_store", "connections_no_truncate", "idempotency_records_guard", "idempotency_records_no_truncate",
        "ledger_agrees_with_store", "ledger_append_only", "ledger_no_truncate", "stores_agree_with_ledger", "stores_kept", "stores_no_truncate",
    ];

    /// <summary>The names of the triggers on the schema's tables, in order.</summary>
    public async Task<IReadOnlyList<string>> TriggerNamesAsync()
    {
        await using var command = DataSource.CreateCommand(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN " +
            "('shopiq.stores'::regclass, 'shopiq.connections'::regclass, 'shopiq.ledger'::regclass, 'shopiq.idempotency_records'::regclass) ORDER BY tgname");
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// Deletes one store's rows, so runs sharing the database do not see each other's due reservations. The schema's
    /// guards refuse that (a store and its ledger are kept), so it steps around them, in the open: see <see cref="BypassingGuardsAsync"/>.
    /// </summary>
    public Task ForgetStoreAsync(StoreId store) =>
        BypassingGuardsAsync(async (connection, transaction) =>
        {
            foreach (var table in new[] { "shopiq.ledger", "shopiq.connections", "shopiq.idempotency_records", "shopiq.stores" })
            {
                await using var command = new NpgsqlCommand($"DELETE FROM {table} WHERE store_id = $1", connection, transaction);
                command.Parameters.Add(new NpgsqlParameter { Value = store.Value });
                await command.ExecuteNonQueryAsync();
            }
        });

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction where the schema's guards (its triggers) do not fire:
    /// <c>SET LOCAL session_replication_role = replica</c>, which skips ordinary triggers (foreign keys too) until
    /// the transaction ends. Needs a superuser, which the throwaway cluster's user is. For test set-up only.
    /// </summary>
    public async Task BypassingGuardsAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var bypass = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection, transaction))
        {
            await bypass.ExecuteNonQueryAsync();
        }

        await work(connection, transaction);
        await transaction.CommitAsync();
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
