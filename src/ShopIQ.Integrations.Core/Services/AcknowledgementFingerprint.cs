namespace ShopIQ.Integrations.Core;

/// <summary>How a command's acknowledgement shows in its fingerprint, so the same idempotency key with another acknowledgement is refused.</summary>
internal static class AcknowledgementFingerprint
{
    public static string Of(ImpactAcknowledgement? acknowledgement, string? token) =>
        acknowledgement is not null ? $" acknowledged at apps version {acknowledgement.AppsVersion}"
        : token is not null ? $" acknowledged by token {AcknowledgementTokens.Identity(token)}"
        : string.Empty;
}
