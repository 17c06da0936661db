namespace ShopIQ.Integrations.Core;

/// <summary>What a downgrade needs first: the details of <see cref="OutcomeStatus.DowngradeNeedsDisconnects"/> (R12).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class DowngradeDetails : OutcomeDetails
{
    internal DowngradeDetails(Plan plan, int appsToDisconnect)
    {
        Plan = plan;
        AppsToDisconnect = appsToDisconnect;
    }

    /// <summary>The plan asked for.</summary>
    public Plan Plan { get; }

    /// <summary>How many more apps must be disconnected before the plan's allowance holds them; one or more.</summary>
    public int AppsToDisconnect { get; }

    /// <inheritdoc />
    public override string ToString() => $"{AppsToDisconnect} app(s) to disconnect for {Plan.Name}";
}
