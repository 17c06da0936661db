// docs/events.md: subscriptions.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;

namespace DocSnippets;

/// <summary>Billing's own client.</summary>
public interface IBillingClient
{
    /// <summary>Records a connected app, once per event id.</summary>
    Task RecordAsync(string eventId, AppConnected connected, CancellationToken ct);
}

internal static class EventSnippets
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        #region Subscription
        services.AddShopIQIntegrations(configuration.GetSection(ConnectedAppsOptions.SectionName))
            .UsePostgreSql(configuration.GetConnectionString("ShopIQ")!) // or the in-memory default
            .AddEventSubscription<BillingHandler>("billing", o => o.MaxAttempts = 5);
        #endregion
    }

    public static async Task RetryParkedAsync(IServiceProvider provider, CancellationToken ct)
    {
        #region RetryParked
        var subscriptions = provider.GetRequiredService<EventSubscriptions>();
        foreach (var parked in await subscriptions.ReadParkedAsync("billing", 100, ct))
        {
            await subscriptions.RetryParkedAsync(parked, ct); // delivers it now; removed once the handler takes it
        }
        #endregion
    }
}

#region SubscriptionHandler
public sealed class BillingHandler(IBillingClient billing) : IStoreEventHandler
{
    public async Task HandleAsync(FeedEvent feedEvent, CancellationToken cancellationToken)
    {
        if (feedEvent.Event is AppConnected connected)
        {
            await billing.RecordAsync(feedEvent.Id.ToString(), connected, cancellationToken); // the id drops duplicates
        }
    }
}
#endregion
