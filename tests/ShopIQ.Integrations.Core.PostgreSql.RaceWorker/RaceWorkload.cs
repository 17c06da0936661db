using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
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
    /// <param name="retryBudget">How long the repository retries transient failures; null: 30 s, the race's.</param>
    /// <param name="callingOut">
    /// Whether the workload's apps are adapters that call out (a short random wait): a connect then reserves its slot in one save
    /// and settles it in a second, so a restart or a kill can fall between the two and leave a reservation to expire.
    /// </param>
    /// <param name="extend">Adds more to the instance (an event subscription, its handler's services) before it is built.</param>
    public static ServiceProvider BuildInstance(string connectionString, IClock? clock = null, bool hangingConnects = false, TimeSpan? retryBudget = null, bool callingOut = false, Action<ShopIQIntegrationsBuilder>? extend = null)
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
            .UsePostgreSql(connectionString, options => options.TransientRetryBudget = retryBudget ?? TimeSpan.FromSeconds(30));
        if (hangingConnects)
        {
            builder.AddProvider<HangingMetaPixelProvider>();
        }
        else if (callingOut)
        {
            builder.AddProvider<CallingOutMetaPixel>()
                .AddProvider<CallingOutGoogleAnalytics>()
                .AddProvider<CallingOutWati>()
                .AddProvider<CallingOutAmazonSellerCentral>()
                .AddProvider<CallingOutShiprocket>();
        }
        else
        {
            builder.AddBuiltInProviders();
        }

        extend?.Invoke(builder);
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

    /// <summary>
    /// Runs one writer until <paramref name="stop"/> is cancelled: random operations on random stores, each reported as
    /// soon as it is answered, and any exception a command throws reported in its place (the loop goes on). A command
    /// already running when <paramref name="stop"/> is cancelled runs to its answer.
    /// </summary>
    public static async Task RunUntilStoppedAsync(ConnectedAppsService service, string writer, IReadOnlyList<StoreId> stores, int seed, Action<WriterResult> report, CancellationToken stop)
    {
        var random = new Random(seed);
        var actor = Actor.Merchant(writer);
        while (!stop.IsCancellationRequested)
        {
            var store = stores[random.Next(stores.Count)];
            var (app, setup) = Apps[random.Next(Apps.Length)];
            var provider = new ProviderKey(app);
            var pick = random.Next(100);
            var op = pick switch { < 40 => "connect", < 65 => "disconnect", < 80 => "replace", _ => "change-plan" };
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = op switch
                {
                    "connect" => await service.ConnectAsync(new ConnectAppCommand(store, provider, setup, actor, IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false),
                    "disconnect" => await service.DisconnectAsync(new DisconnectAppCommand(store, provider, actor, IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false),
                    "replace" => await ReplaceAsync(service, store, random, actor).ConfigureAwait(false),
                    _ => await service.ChangePlanAsync(new ChangePlanCommand(store, new PlanId(random.Next(2) == 0 ? SmallPlan : LargePlan), actor, IdempotencyKey.New()), CancellationToken.None).ConfigureAwait(false),
                };
                report(new WriterResult(writer, op, store.Value, result.Status.ToString(), result.IsReplay, result.IsSuccess, result.StoreVersion, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null));
            }
#pragma warning disable CA1031 // The point is to see every exception a caller would see, and to go on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                report(new WriterResult(writer, op, store.Value, WriterResult.ExceptionStatus, false, false, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds, WriterResult.Describe(exception)));
            }
        }
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

/// <summary>An adapter that calls out: a connect takes 2 to 20 ms (by default), and its slot is reserved while it does (R6).</summary>
internal static class CallOut
{
    /// <summary>The longest a connect's call takes, in milliseconds; the chaos worker lengthens it so kills find reservations open.</summary>
    public static int MaxMilliseconds { get; set; } = 20;

    public static async Task<ProviderCallResult> ConnectAsync(Func<Task<ProviderCallResult>> answer, CancellationToken cancellationToken)
    {
        await Task.Delay(Random.Shared.Next(2, MaxMilliseconds + 1), cancellationToken).ConfigureAwait(false);
        return await answer().ConfigureAwait(false);
    }
}

internal sealed class CallingOutMetaPixel : MetaPixelProvider
{
    public override bool ConnectCallsOut => true;

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
        CallOut.ConnectAsync(() => base.ConnectAsync(store, setup, cancellationToken), cancellationToken);
}

internal sealed class CallingOutGoogleAnalytics : GoogleAnalyticsProvider
{
    public override bool ConnectCallsOut => true;

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
        CallOut.ConnectAsync(() => base.ConnectAsync(store, setup, cancellationToken), cancellationToken);
}

internal sealed class CallingOutWati : WatiProvider
{
    public override bool ConnectCallsOut => true;

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
        CallOut.ConnectAsync(() => base.ConnectAsync(store, setup, cancellationToken), cancellationToken);
}

internal sealed class CallingOutAmazonSellerCentral : AmazonSellerCentralProvider
{
    public override bool ConnectCallsOut => true;

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
        CallOut.ConnectAsync(() => base.ConnectAsync(store, setup, cancellationToken), cancellationToken);
}

internal sealed class CallingOutShiprocket : ShiprocketProvider
{
    public override bool ConnectCallsOut => true;

    public override Task<ProviderCallResult> ConnectAsync(StoreId store, ProviderSetup setup, CancellationToken cancellationToken) =>
        CallOut.ConnectAsync(() => base.ConnectAsync(store, setup, cancellationToken), cancellationToken);
}

/// <summary>
/// What one command of a writer answered, as its caller saw it, with the store's version after it and how long it took;
/// a command that threw has the status <see cref="ExceptionStatus"/> and the exception's type, SQLSTATE and message.
/// One tab-separated line each, so a worker killed mid-run leaves every line it wrote usable.
/// </summary>
internal sealed record WriterResult(string Writer, string Op, string Store, string Status, bool IsReplay, bool IsSuccess, long StoreVersion, double Milliseconds, string? Error)
{
    public const string ExceptionStatus = "exception";

    public bool IsException => Status == ExceptionStatus;

    public static WriterResult Parse(string line)
    {
        var parts = line.Split('\t');
        if (parts.Length != 10 || parts[0] != "result")
        {
            throw new FormatException($"Not a writer result: '{line}'.");
        }

        return new WriterResult(
            parts[1], parts[2], parts[3], parts[4], bool.Parse(parts[5]), bool.Parse(parts[6]),
            long.Parse(parts[7], CultureInfo.InvariantCulture), double.Parse(parts[8], CultureInfo.InvariantCulture), parts[9].Length == 0 ? null : parts[9]);
    }

    /// <summary>The exception's type, the first SQLSTATE in its chain, and its message, on one line without tabs.</summary>
    public static string Describe(Exception exception)
    {
        var sqlState = "";
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                sqlState = postgres.SqlState;
                break;
            }
        }

        var text = $"{exception.GetType().Name}[{sqlState}]: {exception.Message}";
        return text.ReplaceLineEndings(" ").Replace('\t', ' ');
    }

    /// <summary>The exception's type and SQLSTATE, as <see cref="Describe"/> wrote them ("NpgsqlException[]", "PostgresException[57P03]").</summary>
    public string? ErrorKind => Error is null ? null : Error[..Math.Max(0, Error.IndexOf(": ", StringComparison.Ordinal))];

    public string ToLine() => string.Join(
        '\t', "result", Writer, Op, Store, Status, IsReplay.ToString(CultureInfo.InvariantCulture), IsSuccess.ToString(CultureInfo.InvariantCulture),
        StoreVersion.ToString(CultureInfo.InvariantCulture), Milliseconds.ToString("0.0", CultureInfo.InvariantCulture), Error ?? "");
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
