using FsCheck.Xunit;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// Model-based properties (R3, R14, R15, R17, R18 and the outcome of every rule): random sequences of every
/// <c>Store</c> operation, run against the store and an independent immutable model, checked after every
/// step by <see cref="StoreHarness"/>. The two properties run 10,000 short and 1,000 long sequences
/// (up to 400 operations), 11,000 in all.
/// </summary>
public sealed class StoreModelPropertyTests
{
    [Property(Arbitrary = [typeof(StoreArbitraries)], MaxTest = 10_000, EndSize = 60, QuietOnSuccess = true)]
    public void R3_AnyShortSequence_MatchesModelAndNeverExceedsAllowance(Scenario scenario) => StoreHarness.Run(scenario);

    [Property(Arbitrary = [typeof(StoreArbitraries)], MaxTest = 1_000, StartSize = 100, EndSize = 400, QuietOnSuccess = true)]
    public void R15_AnyLongSequence_MatchesModelAndReplaysFromLedger(Scenario scenario) => StoreHarness.Run(scenario);
}
