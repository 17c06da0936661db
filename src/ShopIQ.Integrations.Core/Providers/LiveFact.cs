namespace ShopIQ.Integrations.Core;

/// <summary>One live fact a provider reports for an impact assessment (R19), such as "3 shipments in transit".</summary>
/// <remarks>
/// Immutable, value equality (provider, kind, count and <see cref="IsLowerBound"/>). A fact counted from one page of a
/// provider's list, when more pages may follow, is created with <see cref="AtLeast"/>: the true number is
/// <see cref="Count"/> or more, and the text says so.
/// </remarks>
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

    /// <summary>Creates a live fact whose true number is <paramref name="count"/> or more: counted from one page of a provider's list when more pages may follow.</summary>
    /// <param name="provider">The provider the fact is about.</param>
    /// <param name="kind">What is counted.</param>
    /// <param name="count">How many were counted; zero or more.</param>
    /// <returns>A fact with <see cref="IsLowerBound"/> true.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined, or <paramref name="count"/> is negative.</exception>
    public static LiveFact AtLeast(ProviderKey provider, LiveFactKind kind, int count) => new(provider, kind, count) { IsLowerBound = true };

    /// <summary>The provider the fact is about.</summary>
    public ProviderKey Provider { get; }

    /// <summary>What is counted.</summary>
    public LiveFactKind Kind { get; }

    /// <summary>How many; when <see cref="IsLowerBound"/>, how many were counted, the true number being this or more.</summary>
    public int Count { get; }

    /// <summary>Whether <see cref="Count"/> is a lower bound: the provider was asked for one page only and more may exist.</summary>
    public bool IsLowerBound { get; private init; }

    /// <inheritdoc />
    public override string ToString() => IsLowerBound ? $"{Provider}: {Count} or more {Kind}" : $"{Provider}: {Count} {Kind}";
}
