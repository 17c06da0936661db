using System.Globalization;
using BenchmarkDotNet.Running;
using ShopIQ.Integrations.Core.Benchmarks.Memory;
using ShopIQ.Integrations.Core.Benchmarks.Services;

namespace ShopIQ.Integrations.Core.Benchmarks;

/// <summary>
/// Entry point: runs the benchmarks selected on the command line (e.g. <c>--filter *</c>), or, with
/// <c>--memory-per-store [count]</c>, the retained-memory harness (<see cref="MemoryPerStoreHarness"/>), or, with
/// <c>--store-age [memory]</c>, the store-age harness (<see cref="StoreAgeHarness"/>), or, with <c>--guards-ab [rounds]</c>,
/// the interleaved comparison of the PostgreSQL schema with and without its guards (<see cref="PostgreSql.PostgreSqlGuardBenchmarks.RunInterleaved"/>),
/// or, with <c>--event-lag [changes per second] [seconds] [writers]</c>, the dispatcher's lag under load (<see cref="PostgreSql.EventLagHarness"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs BenchmarkDotNet's switcher over every benchmark in this assembly, or one of the harnesses.</summary>
    /// <param name="args">BenchmarkDotNet command-line arguments, <c>--memory-per-store [count]</c>, <c>--store-age [memory]</c>, <c>--guards-ab [rounds]</c> or <c>--event-lag [rate] [seconds] [writers]</c>.</param>
    public static void Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == MemoryPerStoreHarness.Switch)
        {
            MemoryPerStoreHarness.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
            return;
        }

        if (args.Length > 0 && args[0] == StoreAgeHarness.Switch)
        {
            StoreAgeHarness.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == PostgreSql.PostgreSqlGuardBenchmarks.Switch)
        {
            PostgreSql.PostgreSqlGuardBenchmarks.RunInterleaved(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20, pairsPerRound: 50);
            return;
        }

        if (args.Length > 0 && args[0] == PostgreSql.EventLagHarness.Switch)
        {
            PostgreSql.EventLagHarness.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
