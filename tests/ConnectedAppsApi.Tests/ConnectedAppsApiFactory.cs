using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ConnectedAppsApi.Tests;

/// <summary>The sample, started in memory with its own settings (in-memory stores), without the console exporter's output.</summary>
public sealed class ConnectedAppsApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("ConnectedAppsApi:ConsoleTelemetry", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
