namespace ShopIQ.Integrations.Core;

/// <summary>Where a merchant goes when self-service cannot help: ShopIQ Support or an Implementation Partner (R7, R11).</summary>
/// <remarks>Immutable, value equality.</remarks>
public sealed record SupportRoute
{
    /// <summary>Creates a route.</summary>
    /// <param name="support">How to reach ShopIQ Support.</param>
    /// <param name="implementationPartner">How to reach an Implementation Partner.</param>
    /// <exception cref="ArgumentException">An argument is empty, longer than 200 characters, or holds half of a surrogate pair, a control character, a line separator or an invisible format character (Unicode category Cf, such as U+202E or a zero-width joiner).</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SupportRoute(string support, string implementationPartner)
    {
        Support = Preconditions.CheckText(support, nameof(support), "Support contact");
        ImplementationPartner = Preconditions.CheckText(implementationPartner, nameof(implementationPartner), "Implementation Partner contact");
    }

    /// <summary>How to reach ShopIQ Support.</summary>
    public string Support { get; }

    /// <summary>How to reach an Implementation Partner.</summary>
    public string ImplementationPartner { get; }

    /// <inheritdoc />
    public override string ToString() => $"ShopIQ Support ({Support}) or an Implementation Partner ({ImplementationPartner})";
}
