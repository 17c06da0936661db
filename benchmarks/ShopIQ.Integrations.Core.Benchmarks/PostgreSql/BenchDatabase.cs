using System.Globalization;
using Npgsql;
using ShopIQ.Integrations.Core.Testing;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// A database of its own for one benchmark process, created on a PostgreSQL server and dropped again at the end;
/// the only place that knows where the server comes from.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs every benchmark case in a separate process, possibly one after another on the same
/// server, so each process creates a database with a unique name rather than sharing tables: one case's
/// leftovers (ledgers, connections) cannot slow down or break the next.
/// </remarks>
internal sealed class BenchDatabase : IDisposable
{
    /// <summary>The environment variable naming the server: an Npgsql connection string of a role allowed to create databases.</summary>
    public const string ServerVariable = "SHOPIQ_BENCH_PG";

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

            cluster = ThrowawayPostgres.Start();
            server = cluster.ConnectionString;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"shopiq_bench_{purpose}_{Environment.ProcessId}_{Guid.NewGuid():N}");
        name = name[..Math.Min(name.Length, 63)];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            create.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new BenchDatabase(server, name, builder.ConnectionString) { _cluster = cluster };
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
