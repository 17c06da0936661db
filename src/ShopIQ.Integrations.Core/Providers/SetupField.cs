namespace ShopIQ.Integrations.Core.Providers;

/// <summary>One value that connecting a provider needs (R5).</summary>
/// <remarks>Immutable, value equality, thread-safe. A field never holds a value, only its description.</remarks>
public sealed record SetupField
{
    /// <summary>Creates a field description.</summary>
    /// <param name="name">The field's name, a lower-case slug such as <c>key-id</c>.</param>
    /// <param name="displayName">The label merchants see.</param>
    /// <param name="requirement">What kind of thing the field asks for.</param>
    /// <param name="isSecret">Whether the value is a secret that must never be shown.</param>
    /// <param name="isRequired">Whether connecting fails without it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="displayName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a slug or <paramref name="displayName"/> is not a clean text.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requirement"/> is not defined.</exception>
    public SetupField(string name, string displayName, SetupRequirement requirement, bool isSecret, bool isRequired)
    {
        Name = Preconditions.CheckSlug(name, nameof(name), "Setup field name");
        DisplayName = Preconditions.CheckText(displayName, nameof(displayName), "Setup field display name");
        Requirement = Preconditions.CheckDefined(requirement, nameof(requirement));
        IsSecret = isSecret;
        IsRequired = isRequired;
    }

    /// <summary>The field's name.</summary>
    public string Name { get; }

    /// <summary>The label merchants see.</summary>
    public string DisplayName { get; }

    /// <summary>What kind of thing the field asks for.</summary>
    public SetupRequirement Requirement { get; }

    /// <summary>Whether the value is a secret.</summary>
    public bool IsSecret { get; }

    /// <summary>Whether connecting fails without it.</summary>
    public bool IsRequired { get; }
}
