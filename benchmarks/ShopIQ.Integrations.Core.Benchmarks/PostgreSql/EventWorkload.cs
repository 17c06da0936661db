using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ShopIQ.Integrations.Core.DependencyInjection;

namespace ShopIQ.Integrations.Core.Benchmarks.PostgreSql;

/// <summary>
/// Saved changes with events for the feed's benchmarks: a service instance on PostgreSQL with the built-in (offline) Meta
/// Pixel adapter, where every connect and every disconnect is one saved change (one <c>save_change</c>, one commit).
/// </summary>
internal static class EventWorkload
{
    private const string Plan = "bench";

    private static readonly ProviderSetup MetaPixelSetup = ProviderSetup.Empty
        .With("pixel-id", "123456789012345")
        .WithSecret("conversions-api-token", new SecretValue("EAAbenchConversionsToken0123"));

    /// <summary>A service instance with its own container and pool; <paramref name="extend"/> adds more (a subscription).</summary>
    public static ServiceProvider BuildInstance(string connectionString, Action<ShopIQIntegrationsBuilder> extend)
    {
        var services = new ServiceCollection();
        var builder = services.AddShopIQIntegrations(options =>
                options.Plans.Add(new PlanOptions { Id = Plan, Name = "Bench", Tier = 1, ConnectedApps = 4, AiCredits = 100 }))
            .UsePostgreSql(connectionString)
            .AddBuiltInProviders();
        extend(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Opens <paramref name="count"/> stores named <c>{prefix}-{i}</c>.</summary>
    public static async Task<StoreId[]> OpenStoresAsync(ConnectedAppsService service, string prefix, int count)
    {
        var stores = Enumerable.Range(1, count).Select(i => new StoreId(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}"))).ToArray();
        foreach (var store in stores)
        {
            Require((await service.OpenStoreAsync(new OpenStoreCommand(store, new PlanId(Plan), Actor.Merchant("bench"), IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false)).IsSuccess, "open a store");
        }

        return stores;
    }

    /// <summary>Connects Meta Pixel on the store when <paramref name="connect"/>, else disconnects it: one saved change.</summary>
    public static async Task SaveOneAsync(ConnectedAppsService service, StoreId store, bool connect)
    {
        var key = BuiltInProviders.MetaPixel.Key;
        var result = connect
            ? await service.ConnectAsync(new ConnectAppCommand(store, key, MetaPixelSetup, Actor.Merchant("bench"), IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false)
            : await service.DisconnectAsync(new DisconnectAppCommand(store, key, Actor.Merchant("bench"), IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false);
        Require(result.IsSuccess, connect ? "connect" : "disconnect");
    }

    /// <summary>Saves <paramref name="changes"/> changes over the stores, <paramref name="writers"/> at a time (each writer its own stores).</summary>
    public static async Task FillAsync(ConnectedAppsService service, StoreId[] stores, int writers, int changes)
    {
        var perWriter = changes / writers;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = stores.Where((_, i) => i % writers == w).ToArray();
            for (var n = 0; n < perWriter; n++)
            {
                var store = mine[n % mine.Length];
                await SaveOneAsync(service, store, connect: (n / mine.Length) % 2 == 0).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The event workload could not {what}.");
        }
    }
}
