namespace ShopIQ.Integrations.Core.Tests.Properties;

/// <summary>The operations the model-based property drives, one per public operation of <c>Store</c>, plus the clock.</summary>
public enum OpKind
{
    Connect,
    BeginConnect,
    CompleteConnect,
    FailConnect,
    Disconnect,
    Replace,
    ChangePlan,
    ChangePlanDisconnecting,
    ApplyCatalog,
    RecordActivity,
    MarkNeedsAttention,
    Reconnect,
    UseAiCredits,
    ExpireReservations,
    AdvanceClock,
    AdvanceToDeadline,
}

/// <summary>
/// How a disconnect or replace acknowledges the impact: not at all; the store's own assessment; on another apps
/// version; or on the current version but claiming nothing stops (stale whenever something does).
/// </summary>
public enum AckMode
{
    None,
    Fresh,
    Stale,
    Narrow,
}

/// <summary>
/// One generated operation. Fields not used by <see cref="Kind"/> are ignored (and left out of <see cref="ToString"/>,
/// so a shrunk counterexample reads as a script).
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="Provider">Index into <see cref="ModelWorld.Providers"/>.</param>
/// <param name="Other">Replacement provider index for a replace.</param>
/// <param name="Plan">Index into <see cref="ModelWorld.PlanIds"/> (the last one is not in the catalog).</param>
/// <param name="Number">Credits, minutes, apps to disconnect, a catalog allowance (-1 = unlimited) or a deadline offset in seconds.</param>
/// <param name="ValidSetup">Whether the setup validation passed.</param>
/// <param name="Ack">How the impact is acknowledged.</param>
public sealed record StoreOp(OpKind Kind, int Provider, int Other, int Plan, int Number, bool ValidSetup, AckMode Ack)
{
    public override string ToString()
    {
        string P(int i) => ModelWorld.Providers[i].Key.Value;
        return Kind switch
        {
            OpKind.Connect or OpKind.BeginConnect => $"{Kind}({P(Provider)}, {(ValidSetup ? "valid" : "invalid")})",
            OpKind.Reconnect => $"{Kind}({P(Provider)}, {(ValidSetup ? "valid" : "invalid")})",
            OpKind.CompleteConnect or OpKind.FailConnect or OpKind.RecordActivity or OpKind.MarkNeedsAttention => $"{Kind}({P(Provider)})",
            OpKind.Disconnect => $"Disconnect({P(Provider)}, ack {Ack})",
            OpKind.Replace => $"Replace({P(Provider)} -> {P(Other)}, {(ValidSetup ? "valid" : "invalid")}, ack {Ack})",
            OpKind.ChangePlan => $"ChangePlan({ModelWorld.PlanIds[Plan]})",
            OpKind.ChangePlanDisconnecting => $"ChangePlan({ModelWorld.PlanIds[Plan]}, disconnecting first {Number} apps)",
            OpKind.ApplyCatalog => $"ApplyCatalog(current plan allows {(Number < 0 ? "unlimited" : Number)})",
            OpKind.UseAiCredits => $"UseAiCredits({Number})",
            OpKind.AdvanceClock => $"Advance({Number} min)",
            OpKind.AdvanceToDeadline => $"AdvanceToEarliestDeadline({Number:+0;-0;0} s)",
            _ => Kind.ToString(),
        };
    }
}

/// <summary>A generated run: the plan the store opens on and the operations, printed in full when FsCheck reports it.</summary>
/// <param name="StartPlan">Index into <see cref="ModelWorld.PlanIds"/> (never the unknown one).</param>
/// <param name="Ops">The operations.</param>
public sealed record Scenario(int StartPlan, StoreOp[] Ops)
{
    public override string ToString() =>
        $"open on {ModelWorld.PlanIds[StartPlan]}, {Ops.Length} ops:\n" + string.Join("\n", Ops.Select((o, i) => $"  #{i + 1} {o}"));
}
