namespace ShopIQ.Integrations.Core;

/// <summary>A subscription plan: its connected-app allowance, its AI-credit allowance and its tier.</summary>
/// <remarks>
/// An immutable snapshot with value equality over all its properties. <see cref="Tier"/> orders plans
/// for upgrade suggestions: a higher tier is a bigger plan. Thread-safe.
/// </remarks>
public sealed record Plan
{
    /// <summary>Creates a plan.</summary>
    /// <param name="id">The plan's id.</param>
    /// <param name="name">The name merchants see, for example <c>Growth</c>.</param>
    /// <param name="tier">The plan's place in the upgrade order, zero or more; higher is bigger.</param>
    /// <param name="connectedApps">How many connected apps the plan allows.</param>
    /// <param name="aiCredits">How many AI credits the plan grants, zero or more.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, longer than 200 characters, or holds half of a surrogate pair, a control character, a line separator or an invisible format character (Unicode category Cf, such as U+202E or a zero-width joiner); the message names the parameter and escapes such characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tier"/> or <paramref name="aiCredits"/> is negative.</exception>
    public Plan(PlanId id, string name, int tier, SlotAllowance connectedApps, int aiCredits)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfNegative(tier);
        ArgumentOutOfRangeException.ThrowIfNegative(aiCredits);
        Id = id;
        Name = Preconditions.CheckText(name, nameof(name), "Plan name");
        Tier = tier;
        ConnectedApps = connectedApps;
        AiCredits = aiCredits;
    }

    /// <summary>The plan's id.</summary>
    public PlanId Id { get; }

    /// <summary>The name merchants see.</summary>
    public string Name { get; }

    /// <summary>The plan's place in the upgrade order; higher is bigger.</summary>
    public int Tier { get; }

    /// <summary>How many connected apps the plan allows.</summary>
    public SlotAllowance ConnectedApps { get; }

    /// <summary>How many AI credits the plan grants.</summary>
    public int AiCredits { get; }

    /// <summary>Returns a copy of this plan with another connected-app allowance (a catalog edit, R13).</summary>
    /// <param name="connectedApps">The new allowance.</param>
    /// <returns>The edited plan.</returns>
    public Plan WithConnectedApps(SlotAllowance connectedApps) => new(Id, Name, Tier, connectedApps, AiCredits);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} ({Id}, tier {Tier}, {ConnectedApps} connected {(ConnectedApps.Slots == 1 ? "app" : "apps")}, {AiCredits} AI credits)";
}
