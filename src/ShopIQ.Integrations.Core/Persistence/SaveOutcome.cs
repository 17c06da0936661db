namespace ShopIQ.Integrations.Core;

/// <summary>What a store repository did with a <see cref="StoreChange"/>.</summary>
public enum SaveOutcome
{
    /// <summary>Everything was written.</summary>
    Saved,

    /// <summary>The store is no longer at the expected version (or, for a new store, already exists); nothing was written.</summary>
    VersionConflict,

    /// <summary>A final record with the same idempotency key already exists; nothing was written.</summary>
    KeyConflict,
}
