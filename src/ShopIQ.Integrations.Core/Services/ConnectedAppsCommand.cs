namespace ShopIQ.Integrations.Core;

/// <summary>A command to the connected-apps service: which store, who asks, and the idempotency key that makes a retry safe.</summary>
/// <remarks>Immutable. Only the commands in this namespace derive from it.</remarks>
public abstract class ConnectedAppsCommand
{
    private protected ConnectedAppsCommand(StoreId store, Actor actor, IdempotencyKey idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        Store = store;
        Actor = actor;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The store.</summary>
    public StoreId Store { get; }

    /// <summary>Who asks.</summary>
    public Actor Actor { get; }

    /// <summary>The key that makes a retry of this command answer the first run's result instead of acting again.</summary>
    public IdempotencyKey IdempotencyKey { get; }

    /// <summary>The command as text without any setup value: the same key with a different fingerprint is refused.</summary>
    internal abstract string Fingerprint { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Fingerprint} by {Actor} (key {IdempotencyKey})";
}
