namespace ShopIQ.Integrations.Core;

/// <summary>Reconnects an app that needs attention with new credentials, in place: same connection, same slot (R17).</summary>
public sealed class ReconnectAppCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app.</param>
    /// <param name="setup">The new setup.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ReconnectAppCommand(StoreId store, ProviderKey provider, ProviderSetup setup, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(setup);
        Provider = provider;
        Setup = setup;
    }

    /// <summary>The app.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The new setup; <see cref="ProviderSetup.ToString"/> shows field names only.</summary>
    public ProviderSetup Setup { get; }

    internal override string Fingerprint => $"reconnect {Provider} in {Store} with {Setup}";
}
