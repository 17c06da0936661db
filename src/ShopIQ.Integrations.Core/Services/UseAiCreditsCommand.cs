namespace ShopIQ.Integrations.Core;

/// <summary>Spends AI credits on an AI feature; connected apps never spend them (R14).</summary>
public sealed class UseAiCreditsCommand : ConnectedAppsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="store">The store.</param>
    /// <param name="credits">How many credits; more than zero.</param>
    /// <param name="purpose">What they are spent on.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="idempotencyKey">The retry key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="credits"/> is zero or less, or <paramref name="purpose"/> is not defined.</exception>
    public UseAiCreditsCommand(StoreId store, int credits, AiUsePurpose purpose, Actor actor, IdempotencyKey idempotencyKey)
        : base(store, actor, idempotencyKey)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(credits);
        Credits = credits;
        Purpose = Preconditions.CheckDefined(purpose, nameof(purpose));
    }

    /// <summary>How many credits.</summary>
    public int Credits { get; }

    /// <summary>What they are spent on.</summary>
    public AiUsePurpose Purpose { get; }

    internal override string Fingerprint => $"use {Credits} AI credits in {Store} for {Purpose}";
}
