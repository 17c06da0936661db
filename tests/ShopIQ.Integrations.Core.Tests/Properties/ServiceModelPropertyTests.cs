using FsCheck.Xunit;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// The model-based property of <see cref="StoreModelPropertyTests"/>, through the service this time: the same
/// generated sequences, sent as service commands (see <see cref="ServiceHarness"/> for how each operation maps),
/// checked after every step against the same model: 10,000 short sequences and 150 long ones (up to 300 operations).
/// </summary>
public sealed class ServiceModelPropertyTests
{
    [Property(Arbitrary = [typeof(ServiceArbitraries)], MaxTest = 10_000, EndSize = 60, QuietOnSuccess = true)]
    public void R3_AnySequenceThroughTheService_MatchesModelAndNeverExceedsAllowance(Scenario scenario) => ServiceHarness.Run(scenario);

    [Property(Arbitrary = [typeof(ServiceArbitraries)], MaxTest = 150, StartSize = 100, EndSize = 300, QuietOnSuccess = true)]
    public void R15_AnyLongSequenceThroughTheService_MatchesModelAndReplaysFromLedger(Scenario scenario) => ServiceHarness.Run(scenario);
}
