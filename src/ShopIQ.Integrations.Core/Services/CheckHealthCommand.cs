namespace ShopIQ.Integrations.Core;

/// <summary>Asks a connected app's provider whether the connection still works, and marks an active app that does not as needing attention (R17).</summary>
public sealed class CheckHealthCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app to check.</param>
    /// <param name="actor">Who asks, usually <see cref="Actor.System"/> for a scheduled check.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public CheckHealthCommand(StoreId store, ProviderKey provider, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
    }

    /// <summary>The app to check.</summary>
    public ProviderKey Provider { get; }

    internal override string Fingerprint => $"check the health of {Provider} in {Store}";
}
