namespace ShopIQ.Integrations.Core;

/// <summary>
/// The plan an outcome is about: the details of <see cref="OutcomeStatus.PlanChanged"/> (the new plan, R12) and of
/// <see cref="OutcomeStatus.AllowanceRaised"/> and <see cref="OutcomeStatus.AllowanceKept"/> (the edited plan, R13).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class PlanDetails : OutcomeDetails
{
    internal PlanDetails(Plan plan) => Plan = plan;

    /// <summary>The plan.</summary>
    public Plan Plan { get; }

    /// <inheritdoc />
    public override string ToString() => Plan.ToString();
}
