using System.Globalization;
using Npgsql;
using ShopIQ.Integrations.Core.Testing;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

/// <summary>
/// One throwaway cluster for the <see cref="PostgresCollection"/>, started on first use. Test classes
/// keep out of each other's way with a database each (<see cref="CreateDatabase"/>).
/// </summary>
public sealed class PostgresClusterFixture : IDisposable
{
    private readonly Lazy<ThrowawayPostgres> _cluster = new(StartCluster, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared cluster; started on first access.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is unavailable here; the message says why and how to fix it.</exception>
    internal ThrowawayPostgres Cluster => _cluster.Value;

    /// <summary>Creates a database with a unique name starting with <paramref name="prefix"/> and returns its connection string.</summary>
    public string CreateDatabase(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var safePrefix = new string(prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(30).ToArray());

        // At most 63 characters, PostgreSQL's identifier limit.
        var name = string.Create(CultureInfo.InvariantCulture, $"{safePrefix}_{Guid.NewGuid():N}");

        using (var connection = new NpgsqlConnection(Cluster.ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(Cluster.ConnectionString) { Database = name }.ConnectionString;
    }

    public void Dispose()
    {
        if (_cluster.IsValueCreated)
        {
            NpgsqlConnection.ClearAllPools();
            _cluster.Value.Dispose();
        }
    }

    private static ThrowawayPostgres StartCluster() =>
        ThrowawayPostgres.Start();
}
