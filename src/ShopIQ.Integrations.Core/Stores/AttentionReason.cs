namespace ShopIQ.Integrations.Core;

/// <summary>Why a connected app needs attention (R17).</summary>
public enum AttentionReason
{
    /// <summary>The credentials expired.</summary>
    CredentialsExpired,

    /// <summary>The credentials were revoked.</summary>
    CredentialsRevoked,

    /// <summary>A permission (scope) ShopIQ needs was removed.</summary>
    PermissionRemoved,

    /// <summary>The provider reported another problem.</summary>
    ProviderReported,
}
