namespace ShopIQ.Integrations.Core;

/// <summary>Connects a provider: validate the setup, reserve a slot, let the provider connect, then complete or release (R1, R5, R6).</summary>
public sealed class ConnectAppCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The provider to connect.</param>
    /// <param name="setup">The values the merchant entered.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ConnectAppCommand(StoreId store, ProviderKey provider, ProviderSetup setup, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(setup);
        Provider = provider;
        Setup = setup;
    }

    /// <summary>The provider to connect.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The values the merchant entered; <see cref="ProviderSetup.ToString"/> shows field names only.</summary>
    public ProviderSetup Setup { get; }

    internal override string Fingerprint => $"connect {Provider} to {Store} with {Setup}";
}
