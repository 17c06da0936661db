// docs/service.md and docs/configuration.md.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;

namespace DocSnippets;

internal static class ServiceSnippets
{
    public static void Register(IServiceCollection services, IConfiguration configuration, AdapterSettings northSettings, AdapterSettings southSettings)
    {
        #region Registration
        services
            .AddShopIQIntegrations(configuration.GetSection(ConnectedAppsOptions.SectionName))
            .AddBuiltInProviders()                               // the six built-in providers' offline adapters
            .AddProvider<AcmeLogisticsProvider>()                // your own adapter, created by DI
            .AddProvider(new PartnerAdapter(northSettings))      // or an instance, or a factory: several
            .AddProvider(sp => new PartnerAdapter(southSettings)) // of one type, one per provider key
            .AddEventSink<NotificationsSink>();                  // told each saved change's events, at most once
        // .UseStoreRepository<MyRepository>() replaces the in-memory default; .UsePostgreSql(...) for PostgreSQL
        #endregion
    }

    public static async Task CommandsAsync(ConnectedAppsService service, StoreId storeId, ProviderSetup setup, Actor merchant, CancellationToken ct)
    {
        #region Commands
        var key = IdempotencyKey.New(); // or the request's id: a retry must send the same key
        var result = await service.ConnectAsync(
            new ConnectAppCommand(storeId, BuiltInProviders.Razorpay.Key, setup, merchant, key), ct);
        // result.Status: Connected, LimitReached (result.Details is LimitGuidance), SetupInvalid, ProviderRefused,
        // InProgress, Conflict, ... (docs/results.md has every answer); result.IsReplay: a resend answered again

        var report = await service.AssessImpactAsync(storeId, BuiltInProviders.Razorpay.Key, ct);
        if (report is null)
        {
            return; // not connected
        }

        // report.Assessment: what stops, for whom, how badly; report.Facts and report.Missing: live facts.
        // In one process, acknowledge the assessment itself:
        await service.DisconnectAsync(
            new DisconnectAppCommand(storeId, BuiltInProviders.Razorpay.Key, report.Assessment.Acknowledge(), merchant, IdempotencyKey.New()), ct);
        #endregion
    }

    public static async Task<ConnectedAppsResult> TokenAsync(ConnectedAppsService service, StoreId storeId, Actor merchant, CancellationToken ct)
    {
        var report = (await service.AssessImpactAsync(storeId, BuiltInProviders.Razorpay.Key, ct))!;
        #region AcknowledgementToken
        // Request 1: show the warning, and send a token with it (needs AcknowledgementKey in the options).
        string token = service.IssueAcknowledgementToken(report.Assessment);

        // Request 2: the merchant confirmed; the token comes back. It cannot be made up, altered, or used
        // on another store or app; if the store's apps changed since, the answer is AcknowledgementStale.
        var result = await service.DisconnectAsync(
            new DisconnectAppCommand(storeId, BuiltInProviders.Razorpay.Key, token, merchant, IdempotencyKey.New()), ct);
        #endregion
        return result;
    }
}

/// <summary>Settings of the example adapter below.</summary>
internal sealed record AdapterSettings(string Key);

/// <summary>An adapter registered as an instance, one per provider key.</summary>
internal sealed class PartnerAdapter(AdapterSettings settings) : IntegrationProviderBase
{
    public override ProviderDescriptor Descriptor { get; } = new(
        new ProviderKey(settings.Key),
        "Partner",
        ProviderCategory.Logistics,
        [CommerceWorkflow.ShipmentCreationAndTracking],
        [],
        supportsSelfServiceDisconnect: true,
        ProviderAvailability.Available);

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderCallResult.Success);

    public override Task<ProviderCallResult> DisconnectAsync(StoreId store, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderCallResult.Success);

    public override Task<ProviderHealth> CheckHealthAsync(StoreId store, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderHealth.Healthy);
}

/// <summary>An event sink that would send notifications.</summary>
internal sealed class NotificationsSink : IStoreEventSink
{
    public Task PublishAsync(IReadOnlyList<StoreEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;
}
