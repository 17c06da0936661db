using System.Globalization;
using Npgsql;
using ShopIQ.Integrations.Core.Testing;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// A database of its own for one benchmark process, created on a PostgreSQL server and dropped again at the end;
/// the only place that knows where the server comes from.
/// </summary>
/// <remarks>
/// <para>
/// BenchmarkDotNet runs every benchmark case in a separate process, possibly one after another on the same
/// server, so each process creates a database with a unique name rather than sharing tables: one case's
/// leftovers (ledgers, connections) cannot slow down or break the next.
/// </para>
/// <para>
/// Durability: a throwaway cluster started here runs at PostgreSQL's durable defaults (<c>fsync</c>,
/// <c>synchronous_commit</c> and <c>full_page_writes</c> on), because every commit's flush is part of what a
/// write costs in production; the test harness turns them off for speed. Set <see cref="FastVariable"/> to 1 for
/// the harness's settings (the figures of 2026-11-26 were taken so). A server named by <see cref="ServerVariable"/>
/// keeps its own settings. Either way the settings in force are printed, for the results to quote.
/// </para>
/// </remarks>
internal sealed class BenchDatabase : IDisposable
{
    /// <summary>The environment variable naming the server: an Npgsql connection string of a role allowed to create databases.</summary>
    public const string ServerVariable = "SHOPIQ_BENCH_PG";

    /// <summary>The environment variable that, set to 1, starts the throwaway cluster without durability (fsync and synchronous commit off).</summary>
    public const string FastVariable = "SHOPIQ_BENCH_PG_FAST";

    private static readonly Dictionary<string, string> DurableSettings = new(StringComparer.Ordinal)
    {
        ["fsync"] = "on",
        ["synchronous_commit"] = "on",
        ["full_page_writes"] = "on",
    };

    private readonly string _serverConnectionString;
    private readonly string _name;
    private bool _disposed;
    private ThrowawayPostgres? _cluster;

    private BenchDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string of this process's database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a fresh, empty database on the server.</summary>
    /// <param name="purpose">A short lowercase word that goes into the database's name, to tell runs apart in <c>pg_database</c>.</param>
    /// <returns>The database; dispose it to drop it.</returns>
    public static BenchDatabase Create(string purpose)
    {
        ThrowawayPostgres? cluster = null;
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            // No server given: start a throwaway cluster for this benchmark process (the tests' harness).
            if (ThrowawayPostgres.UnavailableReason is { } reason)
            {
                throw new InvalidOperationException($"No PostgreSQL server for the benchmarks: set {ServerVariable} to the connection string of a role that may create databases, or install PostgreSQL ({reason}).");
            }

            cluster = ThrowawayPostgres.Start(Environment.GetEnvironmentVariable(FastVariable) == "1" ? null : DurableSettings);
            server = cluster.ConnectionString;
        }

        return CreateOn(server, purpose, cluster);
    }

    /// <summary>Creates another fresh, empty database on the same server, for a variant to be measured beside this one.</summary>
    /// <param name="purpose">A short lowercase word that goes into the database's name.</param>
    /// <returns>The database; dispose it (before this one, which may own the server) to drop it.</returns>
    public BenchDatabase CreateSibling(string purpose) => CreateOn(_serverConnectionString, purpose, cluster: null);

    private static BenchDatabase CreateOn(string server, string purpose, ThrowawayPostgres? cluster)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"shopiq_bench_{purpose}_{Environment.ProcessId}_{Guid.NewGuid():N}");
        name = name[..Math.Min(name.Length, 63)];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
            {
                create.ExecuteNonQuery();
            }

            using var settings = new NpgsqlCommand("SELECT current_setting('server_version') || ': fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', full_page_writes=' || current_setting('full_page_writes')", admin);
            Console.WriteLine($"// PostgreSQL {settings.ExecuteScalar()} ({(string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ServerVariable)) ? "throwaway cluster" : "server from " + ServerVariable)})");
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new BenchDatabase(server, name, builder.ConnectionString) { _cluster = cluster };
    }

    /// <summary>
    /// Brings the database to rest after a bulk load: <c>VACUUM (ANALYZE)</c> of every table and a <c>CHECKPOINT</c>, so
    /// that neither autovacuum nor the checkpointer is still working through the load while something is measured. An
    /// old store in production was loaded long ago, and its tables have been vacuumed since.
    /// </summary>
    public void Settle()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 600 })
        {
            vacuum.ExecuteNonQuery();
        }

        try
        {
            using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 600 };
            checkpoint.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine($"// No CHECKPOINT after the load: the role may not ({e.MessageText}).");
        }
    }

    /// <summary>Drops the database, closing whatever connections are still open on it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(_serverConnectionString);
        admin.Open();
        using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin))
        {
            drop.ExecuteNonQuery();
        }

        _cluster?.Dispose();
    }
}
