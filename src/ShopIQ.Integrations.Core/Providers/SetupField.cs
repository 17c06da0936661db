namespace ShopIQ.Integrations.Core;

/// <summary>One value that connecting a provider needs (R5).</summary>
/// <remarks>
/// Immutable, value equality, thread-safe. A field never holds a value, only its description, including the
/// <see cref="Format"/> its value must have: <see cref="ProviderDescriptor.CheckFields"/> checks it, so what the
/// descriptor accepts is what connecting accepts. A field declared without a format takes any text of 1 to
/// <see cref="SetupFieldFormat.MaxValueLength"/> characters, exactly as entered.
/// </remarks>
public sealed record SetupField
{
    /// <summary>
    /// Creates a field description without a format of its own: any text of 1 to <see cref="SetupFieldFormat.MaxValueLength"/>
    /// characters, taken as entered (<c>SetupFieldFormat.Text(1, SetupFieldFormat.MaxValueLength)</c>). Declare a format
    /// with the other constructor for any value the provider issues.
    /// </summary>
    /// <param name="name">The field's name, a lower-case slug such as <c>key-id</c>.</param>
    /// <param name="displayName">The label merchants see.</param>
    /// <param name="requirement">What kind of thing the field asks for.</param>
    /// <param name="isSecret">Whether the value is a secret that must never be shown.</param>
    /// <param name="isRequired">Whether connecting fails without it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="displayName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a slug or <paramref name="displayName"/> is empty, longer than 200 characters or holds half of a surrogate pair, a control character, a line separator or an invisible format character (Unicode category Cf, such as U+202E or a zero-width joiner).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requirement"/> is not defined.</exception>
    public SetupField(string name, string displayName, SetupRequirement requirement, bool isSecret, bool isRequired)
        : this(name, displayName, requirement, isSecret, isRequired, SetupFieldFormat.AnyText)
    {
    }

    /// <summary>Creates a field description with the format its value must have.</summary>
    /// <param name="name">The field's name, a lower-case slug such as <c>key-id</c>.</param>
    /// <param name="displayName">The label merchants see.</param>
    /// <param name="requirement">What kind of thing the field asks for.</param>
    /// <param name="isSecret">Whether the value is a secret that must never be shown.</param>
    /// <param name="isRequired">Whether connecting fails without it.</param>
    /// <param name="format">The format a value given for the field must have.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="displayName"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a slug or <paramref name="displayName"/> is empty, longer than 200 characters or holds half of a surrogate pair, a control character, a line separator or an invisible format character (Unicode category Cf, such as U+202E or a zero-width joiner).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requirement"/> is not defined.</exception>
    public SetupField(string name, string displayName, SetupRequirement requirement, bool isSecret, bool isRequired, SetupFieldFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        Name = Preconditions.CheckSlug(name, nameof(name), "Setup field name");
        DisplayName = Preconditions.CheckText(displayName, nameof(displayName), "Setup field display name");
        Requirement = Preconditions.CheckDefined(requirement, nameof(requirement));
        IsSecret = isSecret;
        IsRequired = isRequired;
        Format = format;
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

    /// <summary>The format a value given for the field must have.</summary>
    public SetupFieldFormat Format { get; }
}
