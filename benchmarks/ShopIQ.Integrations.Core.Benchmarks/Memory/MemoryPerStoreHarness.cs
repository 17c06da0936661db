using System.Globalization;
using NodaTime;
using ShopIQ.Integrations.Core.Benchmarks.Clocks;
using ShopIQ.Integrations.Core.Benchmarks.Naive;
namespace ShopIQ.Integrations.Core.Benchmarks.Memory;

/// <summary>
/// Memory per store, retained, for many stores held at once (issue 5: bytes with 0, 2 and 5 connections for
/// 1,000,000 stores). Run with <c>dotnet run -c Release --project benchmarks/ShopIQ.Integrations.Core.Benchmarks -- --memory-per-store [count]</c>;
/// the count defaults to 1,000,000.
/// </summary>
/// <remarks>
/// <para>
/// BenchmarkDotNet does not fit: its memory diagnoser counts bytes allocated per operation, garbage included,
/// not what stays reachable. This harness builds <c>count</c> stores into an array allocated beforehand, and
/// reports (heap after - heap before) / count, both read with <see cref="GC.GetTotalMemory(bool)"/> after a
/// full collection, so the figure is what one live store costs.
/// </para>
/// <para>
/// Each <see cref="Store"/> is opened under its own id on a 5-slot plan, connects its apps with validated
/// setups, and has its events taken, as a service leaves it after saving: its own ledger entries, apps,
/// dictionary and lists, with the catalog, policy, descriptors and actor shared, as they are in a service.
/// The baselines, with the same apps: a <see cref="Dictionary{TKey, TValue}"/> of key to slot number per
/// store (the least a store could be), and the naive reference <see cref="NaiveSlotStore"/> with its
/// ledger of records. Keys are the shared provider-key strings on every side.
/// </para>
/// </remarks>
public static class MemoryPerStoreHarness
{
    /// <summary>The command-line switch that runs this harness instead of BenchmarkDotNet.</summary>
    public const string Switch = "--memory-per-store";

    private static readonly ProviderDescriptor[] Apps =
        [BuiltInProviders.Razorpay, BuiltInProviders.Shiprocket, BuiltInProviders.Wati, BuiltInProviders.GoogleAnalytics, BuiltInProviders.MetaPixel];

    /// <summary>Measures and prints a markdown table of bytes per store.</summary>
    /// <param name="count">How many stores to hold at once.</param>
    public static void Run(int count)
    {
        var clock = new FixedClock(Instant.FromUtc(2025, 1, 1, 0, 0));
        var merchant = Actor.Merchant("bench");
        var growth = new Plan(new PlanId("growth"), "Growth", tier: 2, SlotAllowance.Of(5), aiCredits: 2_000);
        var policy = new ConnectedAppsPolicy(new PlanCatalog([growth]));
        var setups = Apps.Select(a => BenchmarkSetup.Valid(a)).ToArray();
        var now = clock.GetCurrentInstant().ToUnixTimeTicks();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Retained bytes per store, {count:N0} stores held at once ({Environment.Version}, {Environment.ProcessorCount} cores)"));
        Console.WriteLine();
        Console.WriteLine("| Connections | Dictionary<string,int> (baseline) | NaiveSlotStore | Store | Store / baseline |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var connections in new[] { 0, 2, 5 })
        {
            var dictionary = Measure(count, _ =>
            {
                var apps = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var a = 0; a < connections; a++)
                {
                    apps.Add(Apps[a].Key.Value, a);
                }

                return apps;
            });
            var naive = Measure(count, _ =>
            {
                var store = new NaiveSlotStore(5);
                for (var a = 0; a < connections; a++)
                {
                    store.TryConnect(Apps[a].Key.Value, Apps[a].Workflows, now);
                }

                return store;
            });
            var store = Measure(count, i =>
            {
                var s = BenchStores.Open(new StoreId(string.Create(CultureInfo.InvariantCulture, $"store-{i}")), growth.Id, policy, clock, merchant);
                for (var a = 0; a < connections; a++)
                {
                    if (s.Connect(Apps[a], setups[a], merchant).Status != OutcomeStatus.Connected)
                    {
                        throw new InvalidOperationException($"{Apps[a].DisplayName} did not connect to {s}.");
                    }
                }

                s.TakeEvents();
                return s;
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {connections} | {dictionary:N0} | {naive:N0} | {store:N0} | {store / dictionary:N1}x |"));
        }

        Console.WriteLine();
        Console.WriteLine("Store's figure includes its id string (\"store-N\", about 40 B), which the baselines do not have.");
    }

    /// <summary>Builds <paramref name="count"/> objects into an array allocated first, and answers the retained bytes per object.</summary>
    private static double Measure(int count, Func<int, object> build)
    {
        var held = new object[count];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            held[i] = build(i);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        return (after - before) / (double)count;
    }
}
