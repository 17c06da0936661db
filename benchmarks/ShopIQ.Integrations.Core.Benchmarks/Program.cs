using BenchmarkDotNet.Running;

namespace ShopIQ.Integrations.Core.Benchmarks;

/// <summary>Entry point: runs the benchmarks selected on the command line (e.g. <c>--filter *</c>).</summary>
public static class Program
{
    /// <summary>Runs BenchmarkDotNet's switcher over every benchmark in this assembly.</summary>
    /// <param name="args">BenchmarkDotNet command-line arguments.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
