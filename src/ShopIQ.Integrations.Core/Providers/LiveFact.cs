namespace ShopIQ.Integrations.Core;

/// <summary>One live fact a provider reports for an impact assessment (R19), such as "3 shipments in transit".</summary>
/// <remarks>Immutable, value equality.</remarks>
public sealed record LiveFact
{
    /// <summary>Creates a live fact.</summary>
    /// <param name="provider">The provider the fact is about.</param>
    /// <param name="kind">What is counted.</param>
    /// <param name="count">How many; zero or more.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined, or <paramref name="count"/> is negative.</exception>
    public LiveFact(ProviderKey provider, LiveFactKind kind, int count)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Provider = provider;
        Kind = Preconditions.CheckDefined(kind, nameof(kind));
        Count = count;
    }

    /// <summary>The provider the fact is about.</summary>
    public ProviderKey Provider { get; }

    /// <summary>What is counted.</summary>
    public LiveFactKind Kind { get; }

    /// <summary>How many.</summary>
    public int Count { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Provider}: {Count} {Kind}";
}
