// The quick start of README.md and the core package's PACKAGE.md.
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;

namespace DocSnippets;

internal static class QuickStart
{
    public static async Task<string> RunAsync(IServiceCollection services, IConfiguration configuration, CancellationToken ct)
    {
        #region QuickStart
        services.AddShopIQIntegrations(configuration.GetSection(ConnectedAppsOptions.SectionName)) // plans from settings
            .AddBuiltInProviders();                     // Razorpay, Shiprocket, WATI, GA4, Meta Pixel, Amazon

        using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<ConnectedAppsService>();
        var store = new StoreId("store-1042");
        var merchant = Actor.Merchant("user-42");
        await service.OpenStoreAsync(new OpenStoreCommand(store, new PlanId("starter"), merchant, IdempotencyKey.New()), ct);

        var setup = ProviderSetup.Empty
            .With("key-id", "rzp_live_ABCDEF0123456789")
            .WithSecret("key-secret", new SecretValue("the secret from the merchant's form"));
        var result = await service.ConnectAsync(
            new ConnectAppCommand(store, BuiltInProviders.Razorpay.Key, setup, merchant, IdempotencyKey.New()), ct);

        // result.Status: Connected, LimitReached (result.Details is LimitGuidance: what to do), SetupInvalid, ...
        return MerchantText.Describe(result, CultureInfo.GetCultureInfo("hi-IN")); // what the merchant reads
        #endregion
    }
}
