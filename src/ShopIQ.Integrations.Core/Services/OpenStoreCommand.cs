namespace ShopIQ.Integrations.Core;

/// <summary>Opens a new store on a plan.</summary>
public sealed class OpenStoreCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="store">The new store's id.</param>
    /// <param name="plan">The plan it starts on.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public OpenStoreCommand(StoreId store, PlanId plan, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
    }

    /// <summary>The plan the store starts on.</summary>
    public PlanId Plan { get; }

    internal override string Fingerprint => $"open {Store} on {Plan}";
}
