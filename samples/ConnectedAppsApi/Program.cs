// The back end of a merchant's Apps page: an ASP.NET Core minimal API over the connected-apps service. Each
// endpoint turns a request into a command, and the command's result into an HTTP answer (AppsResponses.cs):
// successes as JSON, refusals as ProblemDetails (409 at the limit with the guidance options, 400 naming the bad
// field), in the merchant's language (Accept-Language: en, hi or as). Run it with
// 'dotnet run --project samples/ConnectedAppsApi'; README.md beside this file has curl examples.
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Localization;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Diagnostics;
using ShopIQ.Integrations.Core.Samples.ConnectedAppsApi;

var builder = WebApplication.CreateBuilder(args);

// 1. The connected-apps service: plans and settings from the "ShopIQ:Integrations" section, validated at start-up,
//    and the built-in adapters. Stores are kept in memory unless a PostgreSQL connection string is configured; only
//    then is there a database for the health check to ask.
var integrations = builder.Services
    .AddShopIQIntegrations(builder.Configuration.GetSection(ConnectedAppsOptions.SectionName))
    .AddBuiltInProviders();
var health = builder.Services.AddHealthChecks();
if (builder.Configuration.GetConnectionString("ShopIQStore") is { Length: > 0 } connectionString)
{
    integrations.UsePostgreSql(connectionString);
    health.AddShopIQStoreCheck();
}

// 2. OpenTelemetry: the library reports on one Meter and one ActivitySource, both named ConnectedAppsDiagnostics.Name.
//    The console exporter stands in for a collector; the tests turn it off.
var consoleTelemetry = builder.Configuration.GetValue("ConnectedAppsApi:ConsoleTelemetry", true);
builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("ConnectedAppsApi"))
    .WithTracing(tracing =>
    {
        tracing.AddSource(ConnectedAppsDiagnostics.Name);
        if (consoleTelemetry)
        {
            tracing.AddConsoleExporter();
        }
    })
    .WithMetrics(metrics =>
    {
        metrics.AddMeter(ConnectedAppsDiagnostics.Name);
        if (consoleTelemetry)
        {
            metrics.AddConsoleExporter();
        }
    });

// 3. Answers: ProblemDetails for every refusal, enums as their names, and the merchant's language from Accept-Language.
// A replayed request must be answered byte for byte as the first one was: the trace id, which names the request and not
// the answer, stays in the logs and the traces, out of the body.
builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context => context.ProblemDetails.Extensions.Remove("traceId"));
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.Configure<RequestLocalizationOptions>(localization =>
{
    var cultures = new[] { "en", "hi", "as" }.Select(CultureInfo.GetCultureInfo).ToList();
    localization.DefaultRequestCulture = new RequestCulture("en");
    localization.SupportedCultures = cultures;
    localization.SupportedUICultures = cultures;
});

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLocalization();

// 4. The endpoints (AppsEndpoints.cs) and the health checks.
app.MapAppsEndpoints();
app.MapHealthChecks("/health");

app.Run();
