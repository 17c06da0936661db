using System.Collections.ObjectModel;
namespace ShopIQ.Integrations.Core;

/// <summary>Moves a store to another plan; a downgrade may name the apps to disconnect first (R12).</summary>
public sealed class ChangePlanCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command without disconnecting anything.</summary>
    /// <param name="store">The store.</param>
    /// <param name="plan">The plan to move to.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ChangePlanCommand(StoreId store, PlanId plan, Actor actor, IdempotencyKey idempotencyKey)
        : this(store, plan, [], Array.Empty<ImpactAcknowledgement>(), actor, idempotencyKey)
    {
    }

    /// <summary>Creates the command with apps to disconnect first, all or nothing, none of which needs an acknowledgement.</summary>
    /// <param name="store">The store.</param>
    /// <param name="plan">The plan to move to.</param>
    /// <param name="appsToDisconnect">The apps to disconnect before the plan changes.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null or <paramref name="appsToDisconnect"/> holds a null.</exception>
    /// <remarks>An empty list literal (<c>[]</c>) for the acknowledgements of the other overloads is ambiguous between acknowledgements and tokens; this one says it.</remarks>
    public ChangePlanCommand(StoreId store, PlanId plan, IEnumerable<ProviderKey> appsToDisconnect, Actor actor, IdempotencyKey idempotencyKey)
        : this(store, plan, appsToDisconnect, Array.Empty<ImpactAcknowledgement>(), actor, idempotencyKey)
    {
    }

    /// <summary>Creates the command with apps to disconnect first, all or nothing, and their acknowledgements.</summary>
    /// <param name="store">The store.</param>
    /// <param name="plan">The plan to move to.</param>
    /// <param name="appsToDisconnect">The apps to disconnect before the plan changes.</param>
    /// <param name="acknowledgements">The acknowledgements their impact needs.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null or a collection holds a null.</exception>
    public ChangePlanCommand(
        StoreId store,
        PlanId plan,
        IEnumerable<ProviderKey> appsToDisconnect,
        IEnumerable<ImpactAcknowledgement> acknowledgements,
        Actor actor,
        IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(appsToDisconnect);
        ArgumentNullException.ThrowIfNull(acknowledgements);
        Plan = plan;
        AppsToDisconnect = new ReadOnlyCollection<ProviderKey>(appsToDisconnect.Select(a => a ?? throw new ArgumentNullException(nameof(appsToDisconnect), "Apps to disconnect must not hold null.")).ToArray());
        Acknowledgements = new ReadOnlyCollection<ImpactAcknowledgement>(acknowledgements.Select(a => a ?? throw new ArgumentNullException(nameof(acknowledgements), "Acknowledgements must not hold null.")).ToArray());
    }

    /// <summary>Creates the command with apps to disconnect first, all or nothing, and acknowledgement tokens carried across a request boundary.</summary>
    /// <param name="store">The store.</param>
    /// <param name="plan">The plan to move to.</param>
    /// <param name="appsToDisconnect">The apps to disconnect before the plan changes.</param>
    /// <param name="acknowledgementTokens">
    /// The tokens <see cref="ConnectedAppsService.IssueAcknowledgementToken"/> gave for the named apps' assessments (each assessed
    /// along with the others); the service refuses a token that is not good, or is for an app not named or named twice, with
    /// <see cref="OutcomeStatus.AcknowledgementInvalid"/>.
    /// </param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null or a collection holds a null.</exception>
    public ChangePlanCommand(
        StoreId store,
        PlanId plan,
        IEnumerable<ProviderKey> appsToDisconnect,
        IEnumerable<string> acknowledgementTokens,
        Actor actor,
        IdempotencyKey idempotencyKey)
        : this(store, plan, appsToDisconnect, Array.Empty<ImpactAcknowledgement>(), actor, idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(acknowledgementTokens);
        AcknowledgementTokens = new ReadOnlyCollection<string>(acknowledgementTokens.Select(t => t ?? throw new ArgumentNullException(nameof(acknowledgementTokens), "Acknowledgement tokens must not hold null.")).ToArray());
    }

    /// <summary>The plan to move to.</summary>
    public PlanId Plan { get; }

    /// <summary>The apps to disconnect before the plan changes.</summary>
    public IReadOnlyList<ProviderKey> AppsToDisconnect { get; }

    /// <summary>The acknowledgements their impact needs.</summary>
    public IReadOnlyList<ImpactAcknowledgement> Acknowledgements { get; }

    /// <summary>The acknowledgement tokens, not yet read; empty unless the command was created with tokens.</summary>
    public IReadOnlyList<string> AcknowledgementTokens { get; } = ReadOnlyCollection<string>.Empty;

    internal override string Fingerprint =>
        $"change {Store} to {Plan}, disconnecting [{string.Join(", ", AppsToDisconnect)}] with {Acknowledgements.Count} acknowledgements"
        + (AcknowledgementTokens.Count == 0 ? string.Empty : $" and tokens [{string.Join(", ", AcknowledgementTokens.Select(ShopIQ.Integrations.Core.AcknowledgementTokens.Identity))}]");
}
