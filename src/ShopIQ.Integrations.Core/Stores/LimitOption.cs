namespace ShopIQ.Integrations.Core;

/// <summary>One way out when every slot is in use (R11).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class LimitOption
{
    internal LimitOption(LimitOptionKind kind, string description, IReadOnlyList<ConnectedApp> apps, IReadOnlyList<Plan> plans, SupportRoute? support)
    {
        Kind = kind;
        Description = description;
        Apps = [.. apps];
        Plans = [.. plans];
        Support = support;
    }

    /// <summary>The kind of option.</summary>
    public LimitOptionKind Kind { get; }

    /// <summary>A sentence for the merchant.</summary>
    public string Description { get; }

    /// <summary>The apps to disconnect (most idle first) or replace (same category first); empty for other kinds.</summary>
    public IReadOnlyList<ConnectedApp> Apps { get; }

    /// <summary>The plans with room, lowest tier first; empty for other kinds.</summary>
    public IReadOnlyList<Plan> Plans { get; }

    /// <summary>Who to contact; null unless <see cref="Kind"/> is <see cref="LimitOptionKind.ContactSupport"/>.</summary>
    public SupportRoute? Support { get; }

    /// <inheritdoc />
    public override string ToString() => Description;
}
