using FsCheck;
using FsCheck.Fluent;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// Generators for the model-based property. Weights are tuned so runs reach the edges: stores opened with
/// no slots or unlimited ones, full stores, replaces at the limit, downgrades over the limit, and clock
/// moves that land exactly on a reservation's deadline (see <see cref="StoreModelCoverageTests"/>).
/// </summary>
public static class StoreArbitraries
{
    private static readonly Gen<int> ProviderGen = Gen.Frequency(
        (14, Gen.Choose(0, 6)),
        (1, Gen.Constant(7)),
        (1, Gen.Constant(8)),
        (1, Gen.Constant(9)));

    private static readonly Gen<int> PlanGen = Gen.Frequency(
        (2, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)), (1, Gen.Constant(5)));

    private static readonly Gen<int> StartPlanGen = Gen.Frequency(
        (2, Gen.Constant(0)), (5, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)));

    private static readonly Gen<AckMode> AckGen = Gen.Frequency(
        (2, Gen.Constant(AckMode.None)), (6, Gen.Constant(AckMode.Fresh)), (2, Gen.Constant(AckMode.Stale)), (2, Gen.Constant(AckMode.Narrow)));

    private static readonly Gen<bool> ValidGen = Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)));

    private static readonly Gen<OpKind> KindGen = Gen.Frequency(
        (20, Gen.Constant(OpKind.Connect)),
        (8, Gen.Constant(OpKind.BeginConnect)),
        (6, Gen.Constant(OpKind.CompleteConnect)),
        (3, Gen.Constant(OpKind.FailConnect)),
        (10, Gen.Constant(OpKind.Disconnect)),
        (8, Gen.Constant(OpKind.Replace)),
        (6, Gen.Constant(OpKind.ChangePlan)),
        (4, Gen.Constant(OpKind.ChangePlanDisconnecting)),
        (3, Gen.Constant(OpKind.ApplyCatalog)),
        (4, Gen.Constant(OpKind.RecordActivity)),
        (4, Gen.Constant(OpKind.MarkNeedsAttention)),
        (4, Gen.Constant(OpKind.Reconnect)),
        (4, Gen.Constant(OpKind.UseAiCredits)),
        (2, Gen.Constant(OpKind.ExpireReservations)),
        (5, Gen.Constant(OpKind.AdvanceClock)),
        (4, Gen.Constant(OpKind.AdvanceToDeadline)));

    public static Gen<StoreOp> OpGen { get; } =
        from kind in KindGen
        from provider in ProviderGen
        from other in ProviderGen
        from plan in PlanGen
        from number in NumberFor(kind)
        from valid in ValidGen
        from ack in AckGen
        select new StoreOp(kind, provider, other, plan, number, valid, ack);

    public static Gen<Scenario> ScenarioGen { get; } =
        from plan in StartPlanGen
        from ops in OpGen.ArrayOf()
        select new Scenario(plan, ops);

    /// <summary>Scenarios that shrink by dropping operations, so a counterexample ends as a short script.</summary>
    public static Arbitrary<Scenario> Scenario()
    {
        var ops = ArbMap.Default.MergeArb(Arb.From(OpGen, _ => [])).ArbFor<StoreOp[]>();
        return Arb.From(ScenarioGen, s => ops.Shrinker(s.Ops).Select(shorter => s with { Ops = shorter }));
    }

    private static Gen<int> NumberFor(OpKind kind) => kind switch
    {
        OpKind.UseAiCredits => Gen.Choose(1, 60),
        OpKind.AdvanceClock => Gen.Frequency((4, Gen.Choose(1, 20)), (1, Gen.Choose(60 * 24, 60 * 24 * 40))),
        OpKind.AdvanceToDeadline => Gen.Elements(-1, 0, 0, 1),
        OpKind.ChangePlanDisconnecting => Gen.Choose(0, 4),
        OpKind.ApplyCatalog => Gen.Choose(-1, 6),
        _ => Gen.Constant(0),
    };
}
