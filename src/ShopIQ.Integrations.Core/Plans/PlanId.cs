using System.Diagnostics.CodeAnalysis;

namespace ShopIQ.Integrations.Core;

/// <summary>The identity of a subscription plan in the <see cref="PlanCatalog"/>.</summary>
/// <remarks>
/// A validated lower-case slug (a-z, 0-9, single hyphens, at most 64 characters), for example
/// <c>growth</c>. Equality is ordinal on <see cref="Value"/>. Immutable and thread-safe.
/// </remarks>
public sealed record PlanId
{
    /// <summary>Creates a plan id.</summary>
    /// <param name="value">A lower-case slug such as <c>starter</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a lower-case slug.</exception>
    public PlanId(string value) => Value = Preconditions.CheckSlug(value, nameof(value), "Plan id");

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>Tries to create a plan id without throwing.</summary>
    /// <param name="value">The candidate text; may be null.</param>
    /// <param name="planId">The plan id when the text is valid; otherwise null.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid plan id.</returns>
    public static bool TryCreate(string? value, [NotNullWhen(true)] out PlanId? planId)
    {
        planId = value is not null && Preconditions.IsSlug(value, Preconditions.MaxIdentifierLength) ? new PlanId(value) : null;
        return planId is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
