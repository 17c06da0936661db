using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// A snapshot is a shortcut, never a second truth (R15): for random histories, a snapshot taken at a random version
/// plus the ledger entries after it gives the store a full replay of the ledger gives, and that store answers every
/// later operation exactly as the live store does (same outcome, events and entries). Checked by
/// <see cref="SnapshotReplayHarness"/> after every operation, on the in-memory snapshot and on its bytes.
/// </summary>
public sealed class SnapshotReplayPropertyTests
{
    [Property(Arbitrary = [typeof(SnapshotArbitraries)], MaxTest = 500, StartSize = 20, EndSize = 80, QuietOnSuccess = true)]
    public void R15_SnapshotAtAnyVersionPlusTail_IsTheStoreAFullReplayGives(SnapshotCase c) =>
        SnapshotReplayHarness.Run(c, viaBytes: false, stepBack: Duration.Zero);

    [Property(Arbitrary = [typeof(SnapshotArbitraries)], MaxTest = 500, StartSize = 20, EndSize = 80, QuietOnSuccess = true)]
    public void R15_SnapshotBytesRoundTrip_AnswersEveryLaterOperationAsTheLiveStore(SnapshotCase c) =>
        SnapshotReplayHarness.Run(c, viaBytes: true, stepBack: Duration.Zero);

    /// <summary>
    /// The generated clock never goes back, so without this property nothing would notice a snapshot that forgot the
    /// instant of its last entry: a store keeps its ledger in order by never writing before that instant.
    /// </summary>
    [Property(Arbitrary = [typeof(SnapshotArbitraries)], MaxTest = 300, StartSize = 20, EndSize = 80, QuietOnSuccess = true)]
    public void R15_SnapshotRebuiltAfterTheClockStepsBack_AnswersEveryLaterOperationAsTheLiveStore(SnapshotCase c, PositiveInt minutesBack) =>
        SnapshotReplayHarness.Run(c, viaBytes: true, stepBack: Duration.FromMinutes((minutesBack.Get % 180) + 1));

    [Fact]
    public void SnapshotCaseGenerator_SampledRuns_ReachEveryEdge()
    {
        // A fixed seed keeps this deterministic: it proves the generator can reach the edges, not luck.
        var cases = SnapshotArbitraries.CaseGen.Sample(300, new Rnd(20261126UL), 80);
        var hits = cases.SelectMany(SnapshotReplayHarness.Survey).GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());

        string[] edges =
        [
            "snapshot holds a pending reservation", "snapshot holds an app needing attention", "snapshot holds recorded activity",
            "snapshot holds free table places", "snapshot remembers an expired reservation", "snapshot on an unlimited allowance",
            "snapshot on an allowance of 0", "snapshot with an apps version behind its version", "empty tail", "tail of five entries or more",
            "late completion after the rebuild answers ReservationExpired", "connect after the rebuild reuses a free place",
            "stale acknowledgement after the rebuild", "limit reached after the rebuild",
        ];
        var missing = edges.Where(e => !hits.ContainsKey(e)).ToArray();
        Assert.True(missing.Length == 0, $"Never reached: {string.Join(", ", missing)}. Reached: {string.Join(", ", hits.Select(h => $"{h.Key} x{h.Value}"))}");
    }
}
