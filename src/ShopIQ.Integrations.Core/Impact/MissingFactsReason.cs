namespace ShopIQ.Integrations.Core;

/// <summary>Why a provider's live facts are missing from an impact report (R19).</summary>
public enum MissingFactsReason
{
    /// <summary>The provider did not answer within the time budget.</summary>
    TimedOut,

    /// <summary>The provider's adapter failed (threw) while gathering them.</summary>
    Failed,

    /// <summary>No adapter is registered for the provider, so nobody could be asked.</summary>
    NoAdapter,
}
