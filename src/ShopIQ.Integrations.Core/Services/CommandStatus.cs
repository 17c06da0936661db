namespace ShopIQ.Integrations.Core.Services;

/// <summary>What the connected-apps service did with a command.</summary>
public enum CommandStatus
{
    /// <summary>The command ran now; the store's outcome (which may be a refusal such as the limit) is in the result.</summary>
    Completed,

    /// <summary>A command with the same idempotency key already ran on this store; the result repeats its status and message and nothing acted again.</summary>
    Replayed,

    /// <summary>A connect with the same idempotency key is still waiting for its provider; nothing acted again.</summary>
    InProgress,

    /// <summary>The idempotency key was already used on this store for a different command; nothing ran.</summary>
    KeyReused,

    /// <summary>No store with that id exists.</summary>
    StoreNotFound,

    /// <summary>A store with that id already exists (open only).</summary>
    StoreAlreadyExists,

    /// <summary>No adapter is registered for the provider, and it is not a native feature; nothing ran.</summary>
    ProviderNotRegistered,

    /// <summary>The provider refused the connection (for example, wrong credentials); any reservation was released.</summary>
    ProviderRefused,

    /// <summary>The provider's adapter failed or did not answer in time; any reservation was released.</summary>
    ProviderFailed,

    /// <summary>Other callers changed the store on every attempt, up to the retry limit; nothing was saved. Try again.</summary>
    Conflict,
}
