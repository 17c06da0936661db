using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using ShopIQ.Integrations.Core.DependencyInjection;
namespace ShopIQ.Integrations.Core.Testing;

/// <summary>
/// The multi-instance race: writers connecting, replacing, disconnecting apps and changing plans on the same few
/// stores, each through its own service instance. Shared by the race test (its in-process instances) and the race
/// worker (the instance in a separate process), so both do exactly the same things.
/// </summary>
internal static class RaceWorkload
{
    /// <summary>The plan stores open on: two slots.</summary>
    public const string SmallPlan = "small";

    /// <summary>The plan stores move up to: four slots.</summary>
    public const string LargePlan = "large";

    /// <summary>Apps whose disconnect breaks no critical workflow, so a writer can remove them without an acknowledgement.</summary>
    public static readonly (string Key, ProviderSetup Setup)[] Apps =
    [
        ("meta-pixel", ProviderSetup.Empty.With("pixel-id", "123456789012345").WithSecret("conversions-api-token", new SecretValue("EAAraceConversionsToken0123"))),
        ("google-analytics", ProviderSetup.Empty.With("measurement-id", "G-ABC123XYZ9").WithSecret("api-secret", new SecretValue("raceApiSecret012345"))),
        ("wati", ProviderSetup.Empty.With("api-endpoint", "https://live-server-1234.wati.io").WithSecret("access-token", new SecretValue("raceWatiAccessToken0123456789"))),
        ("amazon-seller-central", ProviderSetup.Empty.With("seller-id", "A2EUQ1WTGCTBG2").With("marketplace-id", "A21TJRUUN4KGV").WithSecret("refresh-token", new SecretValue("Atzr|raceRefreshToken0123456789"))),
        ("shiprocket", ProviderSetup.Empty.With("api-user-email", "api-user@example.com").WithSecret("api-user-password", new SecretValue("race-shiprocket-p@ss"))),
    ];

    /// <summary>One service instance with its own container and connection pool.</summary>
    /// <param name="connectionString">The shared database.</param>
    /// <param name="clock">The instance's clock, or null for the system clock.</param>
    /// <param name="hangingConnects">Whether the meta-pixel adapter never answers a connect (and no other adapter is registered).</param>
    public static ServiceProvider BuildInstance(string connectionString, IClock? clock = null, bool hangingConnects = false)
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        var builder = services.AddShopIQIntegrations(options =>
            {
                options.Plans.Add(new PlanOptions { Id = SmallPlan, Name = "Small", Tier = 1, ConnectedApps = 2, AiCredits = 100 });
                options.Plans.Add(new PlanOptions { Id = LargePlan, Name = "Large", Tier = 2, ConnectedApps = 4, AiCredits = 100 });
                options.MaxConflictRetries = 50;
            })
            .UsePostgreSql(connectionString, options => options.TransientRetryBudget = TimeSpan.FromSeconds(30));
        _ = hangingConnects ? builder.AddProvider<HangingMetaPixelProvider>() : builder.AddBuiltInProviders();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Runs one writer: <paramref name="rounds"/> random operations on random stores, after <paramref name="start"/> completes.</summary>
    public static async Task<List<RaceResult>> RunWriterAsync(ConnectedAppsService service, string writer, IReadOnlyList<StoreId> stores, int rounds, int seed, Task start)
    {
        await start.ConfigureAwait(false);
        var random = new Random(seed);
        var actor = Actor.Merchant(writer);
        var results = new List<RaceResult>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            var store = stores[random.Next(stores.Count)];
            var (app, setup) = Apps[random.Next(Apps.Length)];
            var provider = new ProviderKey(app);
            var pick = random.Next(100);
            (string Op, ConnectedAppsResult Result) done = pick switch
            {
                < 40 => ("connect", await service.ConnectAsync(new ConnectAppCommand(store, provider, setup, actor, IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false)),
                < 65 => ("disconnect", await service.DisconnectAsync(new DisconnectAppCommand(store, provider, actor, IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false)),
                < 80 => ("replace", await ReplaceAsync(service, store, random, actor).ConfigureAwait(false)),
                _ => ("change-plan", await service.ChangePlanAsync(new ChangePlanCommand(store, new PlanId(random.Next(2) == 0 ? SmallPlan : LargePlan), actor, IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false)),
            };
            results.Add(new RaceResult(writer, done.Op, store.Value, done.Result.Status, done.Result.IsReplay, done.Result.IsSuccess));
        }

        return results;
    }

    private static Task<ConnectedAppsResult> ReplaceAsync(ConnectedAppsService service, StoreId store, Random random, Actor actor)
    {
        var from = Apps[random.Next(Apps.Length)].Key;
        var (to, setup) = Apps[random.Next(Apps.Length)];
        return service.ReplaceAsync(new ReplaceAppCommand(store, new ProviderKey(from), new ProviderKey(to), setup, actor, IdempotencyKey.New()), CancellationToken.None);
    }
}

/// <summary>The meta-pixel adapter of an instance about to die: a connect never gets its answer.</summary>
internal sealed class HangingMetaPixelProvider : MetaPixelProvider
{
    /// <summary>True: it stands for a connect that calls the provider, so the slot is reserved (and saved) while it waits.</summary>
    public override bool ConnectCallsOut => true;

    public override async Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("Unreachable.");
    }
}

/// <summary>What one operation of the race answered, as a caller saw it; written one per line by the worker.</summary>
internal sealed record RaceResult(string Writer, string Op, string Store, OutcomeStatus Status, bool IsReplay, bool IsSuccess)
{
    public static RaceResult Parse(string line)
    {
        var parts = line.Split('\t');
        return new RaceResult(parts[1], parts[2], parts[3], Enum.Parse<OutcomeStatus>(parts[4]), bool.Parse(parts[5]), bool.Parse(parts[6]));
    }

    public string ToLine() => string.Join('\t', "result", Writer, Op, Store, Status, IsReplay.ToString(CultureInfo.InvariantCulture), IsSuccess.ToString(CultureInfo.InvariantCulture));
}
