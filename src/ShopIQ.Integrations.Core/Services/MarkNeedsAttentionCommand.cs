namespace ShopIQ.Integrations.Core;

/// <summary>Marks a connected app as needing attention; it keeps its slot (R17).</summary>
public sealed class MarkNeedsAttentionCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="actor">Who reports it.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not defined.</exception>
    public MarkNeedsAttentionCommand(StoreId store, ProviderKey provider, AttentionReason reason, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
        Reason = Preconditions.CheckDefined(reason, nameof(reason));
    }

    /// <summary>The app.</summary>
    public ProviderKey Provider { get; }

    /// <summary>What is wrong.</summary>
    public AttentionReason Reason { get; }

    internal override string Fingerprint => $"mark {Provider} in {Store} as needing attention ({Reason})";
}
