using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// Proves that generated sequences, run through <see cref="ServiceHarness"/>, reach the service's own paths: setups
/// held open and then accepted, refused, answered after their reservation expired or after their app was removed.
/// Without this the service property could pass because it never held a setup open.
/// </summary>
public sealed class ServiceModelCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void ServiceHarness_SampledRuns_ReachEveryServicePath()
    {
        var counts = new ServiceHarnessCounts();

        // A fixed seed keeps this deterministic: it proves the mapping can reach these paths, not luck.
        foreach (var scenario in ServiceArbitraries.ScenarioGen.Sample(150, new FsCheck.Rnd(20261125UL), 60))
        {
            ServiceHarness.Run(scenario, counts);
        }

        output.WriteLine(counts.ToString());
        string[] paths =
        [
            "setup held open",
            "held setup accepted: Connected",
            "held setup refused: ProviderRefused",
            "held setup accepted: ReservationExpired",
            "held setup refused: ReservationExpired",
            "held setup accepted: NotConnected",
            "orphaned setup answered late",
            "nothing to settle",
            "native feature answered before the store",
            "sweep expired a reservation",
            "replays",
        ];
        var missing = paths.Where(p => counts[p] == 0).ToArray();
        Assert.True(missing.Length == 0, $"Never reached: {string.Join(", ", missing)}. Reached: {counts}");
    }
}
