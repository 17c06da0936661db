using FsCheck.Fluent;
using NodaTime;
namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// Proves the generators reach the edges the property must cover: without this a property can pass
/// because it never tried the hard cases. Runs sampled scenarios through the model only and counts.
/// </summary>
public sealed class StoreModelCoverageTests
{
    [Fact]
    public void ScenarioGenerator_SampledRuns_ReachEveryEdge()
    {
        var hits = new Dictionary<string, int>();
        void Hit(string edge) => hits[edge] = hits.GetValueOrDefault(edge) + 1;

        // A fixed seed keeps this test deterministic: it proves the generators can reach the edges, not luck.
        var scenarios = StoreArbitraries.ScenarioGen.Sample(120, new FsCheck.Rnd(20261125UL), 1000);
        Assert.True(scenarios.Max(s => s.Ops.Length) > 100, "the sample should hold long runs");
        foreach (var scenario in scenarios)
        {
            var model = StoreModel.Open(scenario.StartPlan, Instant.FromUtc(2026, 11, 25, 9, 0));
            foreach (var op in scenario.Ops)
            {
                var before = model.WithAck(op.Kind == OpKind.ChangePlanDisconnecting ? AckMode.Fresh : op.Ack);
                var (after, prediction) = before.Step(op);
                var status = prediction.Status;
                if (before.Allowance == 0 && op.Kind is OpKind.Connect or OpKind.BeginConnect && status == OutcomeStatus.LimitReached)
                {
                    Hit("connect refused with allowance 0");
                }

                if (before.Allowance is null && status == OutcomeStatus.Connected)
                {
                    Hit("connect on an unlimited allowance");
                }

                if (status == OutcomeStatus.LimitReached && before.Allowance > 0)
                {
                    Hit("full store refuses a connect");
                }

                if (status == OutcomeStatus.Replaced && before.Used == before.Allowance)
                {
                    Hit("replace at the limit");
                }

                if (status == OutcomeStatus.DowngradeNeedsDisconnects)
                {
                    Hit("downgrade over the limit refused");
                }

                if (op.Kind == OpKind.ChangePlanDisconnecting && status == OutcomeStatus.PlanChanged && before.Used > after.Allowance)
                {
                    Hit("downgrade over the limit with apps named");
                }

                if (status == OutcomeStatus.ReservationExpired && before.Apps.Any(a => a.Provider == op.Provider && a.Until == before.Now))
                {
                    Hit("setup completed exactly at its deadline is expired");
                }

                if (op.Kind != OpKind.AdvanceClock && op.Kind != OpKind.AdvanceToDeadline && before.Apps.Any(a => a.Until == before.Now))
                {
                    Hit("reservation expires exactly at its deadline");
                }

                if (status == OutcomeStatus.AcknowledgementStale)
                {
                    Hit("stale acknowledgement refused");
                }

                if (status == OutcomeStatus.AllowanceKept && after.Catalog[after.Plan] < after.Allowance)
                {
                    Hit("catalog lowers the allowance, store keeps it");
                }

                model = after;
            }
        }

        string[] edges =
        [
            "connect refused with allowance 0", "connect on an unlimited allowance", "full store refuses a connect", "replace at the limit",
            "downgrade over the limit refused", "downgrade over the limit with apps named", "setup completed exactly at its deadline is expired",
            "reservation expires exactly at its deadline", "stale acknowledgement refused", "catalog lowers the allowance, store keeps it",
        ];
        var missing = edges.Where(e => !hits.ContainsKey(e)).ToArray();
        Assert.True(missing.Length == 0, $"Never reached: {string.Join(", ", missing)}. Reached: {string.Join(", ", hits.Select(h => $"{h.Key} x{h.Value}"))}");
    }
}
