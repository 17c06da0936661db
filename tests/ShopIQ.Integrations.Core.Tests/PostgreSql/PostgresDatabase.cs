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
