// Two instances of a small service, in two processes with their own connection pools, connect apps to the
// same store at the same moment through one PostgreSQL database; the allowance holds.
//
//   dotnet run --project samples/PostgreSqlTwoInstances                 (starts a throwaway cluster; needs PostgreSQL's binaries)
//   SHOPIQ_SAMPLE_PG="Host=...;Username=...;Password=...;Database=..." dotnet run --project samples/PostgreSqlTwoInstances
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ShopIQ.Integrations.Core;
using ShopIQ.Integrations.Core.DependencyInjection;
using ShopIQ.Integrations.Core.Testing;

const int Allowance = 3;

if (args is ["--instance", var name, var connection, var storeId])
{
    // The second instance: wait for the signal, connect, print the answers.
    await using var services = BuildInstance(connection);
    Console.WriteLine("ready");
    await Console.In.ReadLineAsync();
    foreach (var line in await ConnectAllAsync(services.GetRequiredService<ConnectedAppsService>(), name, new StoreId(storeId)))
    {
        Console.WriteLine(line);
    }

    return 0;
}

ThrowawayPostgres? cluster = null;
var connectionString = Environment.GetEnvironmentVariable("SHOPIQ_SAMPLE_PG");
if (string.IsNullOrWhiteSpace(connectionString))
{
    if (ThrowawayPostgres.UnavailableReason is { } reason)
    {
        Console.Error.WriteLine($"No database: set SHOPIQ_SAMPLE_PG to a connection string, or install PostgreSQL ({reason}).");
        return 1;
    }

    cluster = ThrowawayPostgres.Start();
    connectionString = cluster.ConnectionString;
    Console.WriteLine($"Started a throwaway PostgreSQL cluster on port {cluster.Port}.");
}

// A store of its own for every run: the database keeps every store and its ledger (schema version 4 refuses to delete
// them), so a rerun against the same database opens a new one rather than starting an old one afresh.
var store = new StoreId($"two-instances-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");

try
{
    await using var instanceA = BuildInstance(connectionString);
    var serviceA = instanceA.GetRequiredService<ConnectedAppsService>();
    var opened = await serviceA.OpenStoreAsync(new OpenStoreCommand(store, new("starter"), Actor.Merchant("owner"), IdempotencyKey.New()), CancellationToken.None);
    Console.WriteLine($"Opened {store} on the starter plan ({Allowance} connected apps): {opened.Status}.");

    using var instanceB = StartSecondInstance(connectionString, store);
    if (await instanceB.StandardOutput.ReadLineAsync() != "ready")
    {
        Console.Error.WriteLine($"Instance B did not start: {await instanceB.StandardError.ReadToEndAsync()}");
        return 1;
    }

    Console.WriteLine("Instance A (this process) and instance B (process " + instanceB.Id + ") each try to connect five apps at once...");
    await instanceB.StandardInput.WriteLineAsync("go");
    await instanceB.StandardInput.FlushAsync();
    var linesA = await ConnectAllAsync(serviceA, "A", store);
    var linesB = new List<string>();
    while (await instanceB.StandardOutput.ReadLineAsync() is { } line)
    {
        linesB.Add(line);
    }

    await instanceB.WaitForExitAsync();
    foreach (var line in linesA.Concat(linesB).Order(StringComparer.Ordinal))
    {
        Console.WriteLine("  " + line);
    }

    var connected = linesA.Concat(linesB).Count(l => l.Contains(": Connected", StringComparison.Ordinal));
    var refused = linesA.Concat(linesB).Count(l => l.Contains("LimitReached", StringComparison.Ordinal));
    var final = await serviceA.GetStoreAsync(store, CancellationToken.None);
    var audit = await serviceA.VerifyAsync(store, CancellationToken.None);
    Console.WriteLine($"Connected {connected}, refused at the limit {refused}; the store has {final!.SlotsInUse} of {final.Allowance} slots in use: {string.Join(", ", final.GetApps().Select(a => a.Key))}.");
    Console.WriteLine($"Ledger: {audit!.LedgerVersion} entries, {(audit.IsSound ? "verifies, and the snapshot matches it" : "DOES NOT VERIFY: " + audit)}.");

    var held = instanceB.ExitCode == 0 && final.SlotsInUse <= Allowance && connected == final.SlotsInUse && audit.IsSound;
    Console.WriteLine(held ? "The allowance held across both instances." : "SURPRISE: the allowance did not hold.");
    return held ? 0 : 1;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    cluster?.Dispose();
}

static ServiceProvider BuildInstance(string connectionString)
{
    var services = new ServiceCollection();
    services.AddShopIQIntegrations(options => options.Plans.Add(new PlanOptions { Id = "starter", Name = "Starter", Tier = 1, ConnectedApps = Allowance, AiCredits = 100 }))
        .AddBuiltInProviders()
        .UsePostgreSql(connectionString);
    return services.BuildServiceProvider();
}

static async Task<List<string>> ConnectAllAsync(ConnectedAppsService service, string instance, StoreId store)
{
    var apps = new (string Key, ProviderSetup Setup)[]
    {
        ("meta-pixel", ProviderSetup.Empty.With("pixel-id", "123456789012345").WithSecret("conversions-api-token", new SecretValue("EAAsampleConversionsToken0123"))),
        ("google-analytics", ProviderSetup.Empty.With("measurement-id", "G-ABC123XYZ9").WithSecret("api-secret", new SecretValue("sampleApiSecret012345"))),
        ("wati", ProviderSetup.Empty.With("api-endpoint", "https://live-server-1234.wati.io").WithSecret("access-token", new SecretValue("sampleWatiAccessToken0123456789"))),
        ("shiprocket", ProviderSetup.Empty.With("api-user-email", "api-user@example.com").WithSecret("api-user-password", new SecretValue("sample-shiprocket-p@ss"))),
        ("amazon-seller-central", ProviderSetup.Empty.With("seller-id", "A2EUQ1WTGCTBG2").With("marketplace-id", "A21TJRUUN4KGV").WithSecret("refresh-token", new SecretValue("Atzr|sampleRefreshToken0123456789"))),
    };

    // Instance B goes through the apps in the other order, so both race for every slot.
    var order = instance == "A" ? apps : apps.Reverse().ToArray();
    var answers = await Task.WhenAll(order.Select(app => service.ConnectAsync(
        new ConnectAppCommand(store, new ProviderKey(app.Key), app.Setup, Actor.Merchant($"merchant-{instance}"), IdempotencyKey.New()),
        CancellationToken.None)));
    return [.. answers.Select(a => $"instance {instance} {a.Provider}: {a.Status}")];
}

static Process StartSecondInstance(string connectionString, StoreId store)
{
    var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
    {
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
    {
        start.ArgumentList.Add(typeof(ConnectedAppsService).Assembly.Location.Replace("ShopIQ.Integrations.Core.dll", "PostgreSqlTwoInstances.dll", StringComparison.Ordinal));
    }

    foreach (var argument in new[] { "--instance", "B", connectionString, store.Value })
    {
        start.ArgumentList.Add(argument);
    }

    return Process.Start(start) ?? throw new InvalidOperationException("Instance B did not start.");
}
