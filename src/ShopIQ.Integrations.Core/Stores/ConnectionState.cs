namespace ShopIQ.Integrations.Core;

/// <summary>The health state of a connected app (R17). Every state but <see cref="Disconnected"/> occupies a slot.</summary>
public enum ConnectionState
{
    /// <summary>Setup is under way (consent screen, provider verification); the slot is reserved until a deadline (R6).</summary>
    Pending,

    /// <summary>Connected and working.</summary>
    Active,

    /// <summary>Credentials expired or revoked, or a permission was removed; still holds its slot until reconnected or disconnected.</summary>
    NeedsAttention,

    /// <summary>Gone; the slot is free. A store's <c>Apps</c> never list disconnected apps.</summary>
    Disconnected,
}
