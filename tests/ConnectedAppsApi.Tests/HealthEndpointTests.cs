using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ConnectedAppsApi.Tests;

/// <summary>The health endpoint with the PostgreSQL store configured and no database behind it.</summary>
public sealed class HealthEndpointTests
{
    private const string Password = "not-a-real-db-password-5Kq";

    [Fact]
    public async Task Health_PostgreSqlUnreachable_Is503UnhealthyWithoutTheConnectionString()
    {
        await using var factory = new ConnectedAppsApiFactory().WithWebHostBuilder(builder =>
            builder.UseSetting("ConnectionStrings:ShopIQStore", $"Host=127.0.0.1;Port={ClosedPort()};Database=shopiq;Username=shopiq_app;Password={Password};Timeout=3"));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body);
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
