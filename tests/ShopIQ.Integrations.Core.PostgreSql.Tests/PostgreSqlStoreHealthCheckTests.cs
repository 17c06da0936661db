using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.PostgreSql;
using ShopIQ.Integrations.Core.Tests.PostgreSql.Infrastructure;

namespace ShopIQ.Integrations.Core.Tests.PostgreSql;

/// <summary>The store's health check: healthy when the database answers, unhealthy (and saying no secret) when it cannot be reached.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreHealthCheckTests(PostgresClusterFixture cluster)
{
    private const string Password = "not-a-real-password-7Q2x";

    [PostgresFact]
    public async Task AddShopIQStoreCheck_DatabaseAnswers_IsHealthyAndNamesTheSchemaVersion()
    {
        await using var database = await PostgresDatabase.CreateAsync(cluster, "health");
        await using var provider = ServicesWith(database.ConnectionString);

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(CancellationToken.None);

        var entry = Assert.Single(report.Entries);
        Assert.Equal(ShopIQHealthChecksBuilderExtensions.DefaultName, entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
        Assert.Contains("schema version 5", entry.Value.Description, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task CheckHealthAsync_SchemaNotCreatedYet_IsHealthyOnlyWhenTheFirstCommandCreatesIt()
    {
        var connectionString = cluster.CreateDatabase("healthempty");
        await using var creating = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = connectionString });
        await using var notCreating = new PostgreSqlStoreRepository(new PostgreSqlStoreOptions { ConnectionString = connectionString, CreateSchema = false });

        var created = await CheckAsync(new PostgreSqlStoreHealthCheck(creating));
        var missing = await CheckAsync(new PostgreSqlStoreHealthCheck(notCreating));

        Assert.Equal(HealthStatus.Healthy, created.Status);
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
        Assert.Contains("no shopiq schema", missing.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddShopIQStoreCheck_ClosedPort_IsUnhealthyWithoutTheConnectionString()
    {
        var connectionString = $"Host=127.0.0.1;Port={ClosedPort()};Database=shopiq;Username=shopiq_app;Password={Password};Timeout=5";
        await using var provider = ServicesWith(connectionString);

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(CancellationToken.None);

        var entry = report.Entries[ShopIQHealthChecksBuilderExtensions.DefaultName];
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("The PostgreSQL store could not be reached", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("shopiq_app", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, entry.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddShopIQStoreCheck_NameTagsAndFailureStatus_AreRegistered()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddShopIQStoreCheck("store", ["ready"]);
        await using var provider = services.BuildServiceProvider();

        var registration = Assert.Single(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations);

        Assert.Equal("store", registration.Name);
        Assert.Equal(["ready"], registration.Tags);
        Assert.Equal(HealthStatus.Unhealthy, registration.FailureStatus);
        Assert.Throws<ArgumentNullException>(() => ((IHealthChecksBuilder)null!).AddShopIQStoreCheck());
        Assert.Throws<ArgumentException>(() => services.AddHealthChecks().AddShopIQStoreCheck(" ", []));
        Assert.Throws<ArgumentNullException>(() => new PostgreSqlStoreHealthCheck(null!));
    }

    [Fact]
    public async Task AddShopIQStoreCheck_WithoutUsePostgreSql_ReportsTheMistakeAsUnhealthy()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddShopIQIntegrations(o => o.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2 }));
        services.AddHealthChecks().AddShopIQStoreCheck();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(CancellationToken.None);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("InMemoryStoreRepository: call UsePostgreSql", entry.Description, StringComparison.Ordinal);
    }

    private static ServiceProvider ServicesWith(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddShopIQIntegrations(o => o.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = 2 }))
            .UsePostgreSql(connectionString);
        services.AddHealthChecks().AddShopIQStoreCheck();
        return services.BuildServiceProvider();
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("store", check, HealthStatus.Unhealthy, null) }, CancellationToken.None);

    /// <summary>A loopback port nothing listens on: bound once by the system's choice, then let go.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
