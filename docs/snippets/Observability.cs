// docs/observability.md: OpenTelemetry and health checks.
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Diagnostics;

namespace DocSnippets;

internal static class ObservabilitySnippets
{
    public static void Register(IServiceCollection services)
    {
        #region OpenTelemetry
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(ConnectedAppsDiagnostics.Name).AddConsoleExporter())
            .WithTracing(tracing => tracing.AddSource(ConnectedAppsDiagnostics.Name).AddConsoleExporter());
        #endregion

        #region HealthCheck
        services.AddHealthChecks()
            .AddShopIQStoreCheck(); // PostgreSQL package: the store's database answers and its schema is current
        #endregion
    }
}
