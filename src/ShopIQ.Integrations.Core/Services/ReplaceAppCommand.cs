namespace ShopIQ.Integrations.Core;

/// <summary>Replaces a connected app with another provider in one step that changes no slot count (R10).</summary>
public sealed class ReplaceAppCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command without an acknowledgement.</summary>
    /// <param name="store">The store.</param>
    /// <param name="current">The connected app to replace.</param>
    /// <param name="replacement">The provider that takes its place.</param>
    /// <param name="setup">The replacement's setup.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ReplaceAppCommand(StoreId store, ProviderKey current, ProviderKey replacement, ProviderSetup setup, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(setup);
        Current = current;
        Replacement = replacement;
        Setup = setup;
    }

    /// <summary>Creates the command with the acknowledgement of the replaced app's impact.</summary>
    /// <param name="store">The store.</param>
    /// <param name="current">The connected app to replace.</param>
    /// <param name="replacement">The provider that takes its place.</param>
    /// <param name="setup">The replacement's setup.</param>
    /// <param name="acknowledgement">The acknowledgement of the replaced app's impact.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ReplaceAppCommand(StoreId store, ProviderKey current, ProviderKey replacement, ProviderSetup setup, ImpactAcknowledgement acknowledgement, Actor actor, IdempotencyKey idempotencyKey)
        : this(store, current, replacement, setup, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        Acknowledgement = acknowledgement;
    }

    /// <summary>Creates the command with an acknowledgement token for the replaced app's impact, carried across a request boundary.</summary>
    /// <param name="store">The store.</param>
    /// <param name="current">The connected app to replace.</param>
    /// <param name="replacement">The provider that takes its place.</param>
    /// <param name="setup">The replacement's setup.</param>
    /// <param name="acknowledgementToken">
    /// The token <see cref="ConnectedAppsService.IssueAcknowledgementToken"/> gave for <paramref name="current"/>'s impact assessment;
    /// the service refuses a token that is not good with <see cref="OutcomeStatus.AcknowledgementInvalid"/>.
    /// </param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ReplaceAppCommand(StoreId store, ProviderKey current, ProviderKey replacement, ProviderSetup setup, string acknowledgementToken, Actor actor, IdempotencyKey idempotencyKey)
        : this(store, current, replacement, setup, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(acknowledgementToken);
        AcknowledgementToken = acknowledgementToken;
    }

    /// <summary>The connected app to replace.</summary>
    public ProviderKey Current { get; }

    /// <summary>The provider that takes its place.</summary>
    public ProviderKey Replacement { get; }

    /// <summary>The replacement's setup; <see cref="ProviderSetup.ToString"/> shows field names only.</summary>
    public ProviderSetup Setup { get; }

    /// <summary>The acknowledgement of the replaced app's impact, or null.</summary>
    public ImpactAcknowledgement? Acknowledgement { get; }

    /// <summary>The acknowledgement token for the replaced app's impact, not yet read, or null.</summary>
    public string? AcknowledgementToken { get; }

    internal override string Fingerprint => $"replace {Current} with {Replacement} in {Store} with {Setup}" + AcknowledgementFingerprint.Of(Acknowledgement, AcknowledgementToken);
}
