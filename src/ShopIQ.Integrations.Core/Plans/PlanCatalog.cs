using System.Diagnostics.CodeAnalysis;

namespace ShopIQ.Integrations.Core;

/// <summary>The plans a store can subscribe to, ordered by tier.</summary>
/// <remarks>
/// Immutable and thread-safe. A catalog is never empty, and its plan ids and tiers are unique.
/// Editing a plan (<see cref="WithPlan"/>) makes a new catalog; stores learn of it through
/// <c>Store.ApplyCatalog</c>, which never puts a store over its allowance (R13).
/// </remarks>
public sealed class PlanCatalog
{
    private readonly Plan[] _plans;

    /// <summary>Creates a catalog.</summary>
    /// <param name="plans">The plans, in any order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plans"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">There is no plan, or two plans share an id or a tier.</exception>
    public PlanCatalog(IEnumerable<Plan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var list = plans.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A plan catalog needs at least one plan.", nameof(plans));
        }

        foreach (var plan in list)
        {
            ArgumentNullException.ThrowIfNull(plan, nameof(plans));
        }

        var duplicateId = list.GroupBy(p => p.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicateId is not null)
        {
            throw new ArgumentException($"Plan id '{duplicateId.Key}' appears more than once in the catalog.", nameof(plans));
        }

        var duplicateTier = list.GroupBy(p => p.Tier).FirstOrDefault(g => g.Count() > 1);
        if (duplicateTier is not null)
        {
            throw new ArgumentException(
                $"Plans {string.Join(" and ", duplicateTier.Select(p => $"'{p.Id}'"))} share tier {duplicateTier.Key}; tiers must be unique so upgrades have an order.",
                nameof(plans));
        }

        _plans = [.. list.OrderBy(p => p.Tier)];
        Plans = Array.AsReadOnly(_plans);
    }

    /// <summary>The plans, lowest tier first.</summary>
    public IReadOnlyList<Plan> Plans { get; }

    /// <summary>Finds a plan by id.</summary>
    /// <param name="id">The plan id.</param>
    /// <param name="plan">The plan when found; otherwise null.</param>
    /// <returns><see langword="true"/> when the catalog has the plan.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public bool TryGetPlan(PlanId id, [NotNullWhen(true)] out Plan? plan)
    {
        ArgumentNullException.ThrowIfNull(id);
        plan = Array.Find(_plans, p => p.Id == id);
        return plan is not null;
    }

    /// <summary>The plans whose allowance would hold <paramref name="connectedApps"/> apps, lowest tier first.</summary>
    /// <param name="connectedApps">The number of connected apps, zero or more.</param>
    /// <returns>The plans with room, lowest tier first; empty when none has room.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="connectedApps"/> is negative.</exception>
    public IReadOnlyList<Plan> PlansWithRoomFor(int connectedApps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(connectedApps);
        return Array.AsReadOnly(Array.FindAll(_plans, p => p.ConnectedApps.Covers(connectedApps)));
    }

    /// <summary>Returns a catalog in which <paramref name="plan"/> replaces the plan with its id, or is added.</summary>
    /// <param name="plan">The new or edited plan.</param>
    /// <returns>The new catalog.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException">The plan's tier is taken by another plan.</exception>
    public PlanCatalog WithPlan(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var others = _plans.Where(p => p.Id != plan.Id).ToArray();
        var sameTier = Array.Find(others, p => p.Tier == plan.Tier);
        if (sameTier is not null)
        {
            throw new ArgumentException($"Plan '{plan.Id}' cannot take tier {plan.Tier}: plan '{sameTier.Id}' has it.", nameof(plan));
        }

        return new PlanCatalog(others.Append(plan));
    }
}
