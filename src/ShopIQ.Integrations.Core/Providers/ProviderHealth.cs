namespace ShopIQ.Integrations.Core;

/// <summary>What a provider's health check found (R17).</summary>
/// <remarks>Immutable, value equality.</remarks>
public sealed record ProviderHealth
{
    private ProviderHealth(AttentionReason? problem)
    {
        Problem = problem;
    }

    /// <summary>The connection works.</summary>
    public static ProviderHealth Healthy { get; } = new((AttentionReason?)null);

    /// <summary>The connection needs the merchant's attention.</summary>
    /// <param name="reason">What is wrong: expired or revoked credentials, a removed permission.</param>
    /// <returns>The unhealthy answer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not defined.</exception>
    public static ProviderHealth NeedsAttention(AttentionReason reason) =>
        new(Preconditions.CheckDefined(reason, nameof(reason)));

    /// <summary>Whether the connection works.</summary>
    public bool IsHealthy => Problem is null;

    /// <summary>What is wrong; null when healthy.</summary>
    public AttentionReason? Problem { get; }

    /// <inheritdoc />
    public override string ToString() => IsHealthy ? "healthy" : $"needs attention: {Problem}";
}
