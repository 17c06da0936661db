namespace ShopIQ.Integrations.Core;

/// <summary>A provider whose live facts an impact report lacks, and why (R19).</summary>
/// <remarks>Immutable, value equality.</remarks>
public sealed record MissingFacts
{
    /// <summary>Creates the entry.</summary>
    /// <param name="provider">The provider that was asked.</param>
    /// <param name="reason">Why its facts are missing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not defined.</exception>
    public MissingFacts(ProviderKey provider, MissingFactsReason reason)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
        Reason = Preconditions.CheckDefined(reason, nameof(reason));
    }

    /// <summary>The provider that was asked.</summary>
    public ProviderKey Provider { get; }

    /// <summary>Why its facts are missing.</summary>
    public MissingFactsReason Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Provider}: live facts missing ({Reason})";
}
