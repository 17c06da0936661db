using FsCheck;
using FsCheck.Fluent;

namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>
/// The scenarios of <see cref="StoreArbitraries"/>, with most completes and fails aimed at the setup begun last:
/// through the service a setup is held open by a running command (see <see cref="ServiceHarness"/>), and a complete
/// or fail of a random provider would seldom find it. Shrinks like <see cref="StoreArbitraries.Scenario"/>, by dropping operations.
/// </summary>
public static class ServiceArbitraries
{
    public static Gen<Scenario> ScenarioGen { get; } =
        from scenario in StoreArbitraries.ScenarioGen
        from aims in Gen.Choose(0, 99).ArrayOf(scenario.Ops.Length)
        select scenario with { Ops = Aim(scenario.Ops, aims) };

    public static Arbitrary<Scenario> Scenario()
    {
        var ops = ArbMap.Default.MergeArb(Arb.From(StoreArbitraries.OpGen, _ => [])).ArbFor<StoreOp[]>();
        return Arb.From(ScenarioGen, s => ops.Shrinker(s.Ops).Select(shorter => s with { Ops = shorter }));
    }

    private static StoreOp[] Aim(StoreOp[] ops, int[] aims)
    {
        var aimed = new StoreOp[ops.Length];
        int? lastBegun = null;
        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            if (op.Kind is OpKind.CompleteConnect or OpKind.FailConnect && lastBegun is { } provider && aims[i] < 70)
            {
                op = op with { Provider = provider };
            }

            lastBegun = op.Kind == OpKind.BeginConnect ? op.Provider : lastBegun;
            aimed[i] = op;
        }

        return aimed;
    }
}
