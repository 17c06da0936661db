namespace ShopIQ.Integrations.Core;

/// <summary>Disconnects an app, freeing its slot at once (R7); a critical app needs its impact acknowledged (R8).</summary>
public sealed class DisconnectAppCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command without an acknowledgement (enough for apps whose impact needs none).</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app to disconnect.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public DisconnectAppCommand(StoreId store, ProviderKey provider, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
    }

    /// <summary>Creates the command with the acknowledgement of the app's impact.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app to disconnect.</param>
    /// <param name="acknowledgement">The acknowledgement of its current impact assessment.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public DisconnectAppCommand(StoreId store, ProviderKey provider, ImpactAcknowledgement acknowledgement, Actor actor, IdempotencyKey idempotencyKey)
        : this(store, provider, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        Acknowledgement = acknowledgement;
    }

    /// <summary>Creates the command with an acknowledgement token carried across a request boundary.</summary>
    /// <param name="store">The store.</param>
    /// <param name="provider">The app to disconnect.</param>
    /// <param name="acknowledgementToken">
    /// The token <see cref="ConnectedAppsService.IssueAcknowledgementToken"/> gave for the app's impact assessment, as the client
    /// sent it back; the service reads it, and refuses a token that is not good with <see cref="OutcomeStatus.AcknowledgementInvalid"/>.
    /// </param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public DisconnectAppCommand(StoreId store, ProviderKey provider, string acknowledgementToken, Actor actor, IdempotencyKey idempotencyKey)
        : this(store, provider, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(acknowledgementToken);
        AcknowledgementToken = acknowledgementToken;
    }

    /// <summary>The app to disconnect.</summary>
    public ProviderKey Provider { get; }

    /// <summary>The acknowledgement of the app's impact, or null.</summary>
    public ImpactAcknowledgement? Acknowledgement { get; }

    /// <summary>The acknowledgement token, not yet read, or null.</summary>
    public string? AcknowledgementToken { get; }

    internal override string Fingerprint => $"disconnect {Provider} from {Store}" + AcknowledgementFingerprint.Of(Acknowledgement, AcknowledgementToken);
}
