namespace ShopIQ.Integrations.Core;

/// <summary>Records that a connected app was used, so it is not offered as unused at the limit (R11).</summary>
public sealed class RecordActivityCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app that was used.</param>
    /// <param name="actor">Who reports it.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RecordActivityCommand(StoreId store, ProviderKey provider, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
    }

    /// <summary>The app that was used.</summary>
    public ProviderKey Provider { get; }

    internal override string Fingerprint => $"record activity of {Provider} in {Store}";
}
