namespace ShopIQ.Integrations.Core;

/// <summary>What a provider is and what connecting it needs: the description a provider adapter exposes.</summary>
/// <remarks>
/// Immutable and thread-safe; equality is by reference. A connected app keeps the descriptor it was
/// connected with, so a later change of availability (R16) does not touch existing connections.
/// </remarks>
public sealed class ProviderDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="key">The provider's key.</param>
    /// <param name="displayName">The name merchants see.</param>
    /// <param name="category">The provider's category.</param>
    /// <param name="workflows">The workflows it supports; at least one, no repeats.</param>
    /// <param name="setupFields">What connecting needs; field names unique. May be empty.</param>
    /// <param name="supportsSelfServiceDisconnect">Whether merchants can disconnect it themselves (R7).</param>
    /// <param name="availability">Whether it can be connected now (R16).</param>
    /// <exception cref="ArgumentNullException">An argument or an item of a list is null.</exception>
    /// <exception cref="ArgumentException">The display name is empty, longer than 200 characters or holds half of a surrogate pair, a control character, a line separator or an invisible format character (Unicode category Cf, such as U+202E or a zero-width joiner), there is no workflow, a workflow repeats or two setup fields share a name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An enum value is not defined.</exception>
    public ProviderDescriptor(
        ProviderKey key,
        string displayName,
        ProviderCategory category,
        IEnumerable<CommerceWorkflow> workflows,
        IEnumerable<SetupField> setupFields,
        bool supportsSelfServiceDisconnect,
        ProviderAvailability availability)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(setupFields);
        Key = key;
        DisplayName = Preconditions.CheckText(displayName, nameof(displayName), "Provider display name");
        Category = Preconditions.CheckDefined(category, nameof(category));
        Availability = Preconditions.CheckDefined(availability, nameof(availability));
        SupportsSelfServiceDisconnect = supportsSelfServiceDisconnect;

        var flows = workflows.ToArray();
        if (flows.Length == 0)
        {
            throw new ArgumentException($"Provider '{key}' must support at least one workflow.", nameof(workflows));
        }

        foreach (var flow in flows)
        {
            Preconditions.CheckDefined(flow, nameof(workflows));
        }

        if (flows.Distinct().Count() != flows.Length)
        {
            throw new ArgumentException($"Provider '{key}' lists a workflow more than once.", nameof(workflows));
        }

        var fields = setupFields.ToArray();
        if (Array.Exists(fields, f => f is null))
        {
            throw new ArgumentNullException(nameof(setupFields), $"Provider '{key}' has a null setup field.");
        }

        var repeated = fields.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Provider '{key}' declares setup field '{repeated.Key}' more than once.", nameof(setupFields));
        }

        Workflows = Array.AsReadOnly(flows);
        foreach (var flow in flows)
        {
            _workflowMask |= WorkflowBit(flow);
        }

        SetupFields = Array.AsReadOnly(fields);
    }

    // The workflows as bits: impact assessments ask, for every other app and every workflow, whether it serves it.
    private readonly ulong _workflowMask;

    /// <summary>The provider's key.</summary>
    public ProviderKey Key { get; }

    /// <summary>The name merchants see.</summary>
    public string DisplayName { get; }

    /// <summary>The provider's category.</summary>
    public ProviderCategory Category { get; }

    /// <summary>The workflows the provider supports.</summary>
    public IReadOnlyList<CommerceWorkflow> Workflows { get; }

    /// <summary>What connecting needs.</summary>
    public IReadOnlyList<SetupField> SetupFields { get; }

    /// <summary>Whether merchants can disconnect it themselves; otherwise ShopIQ Support or an Implementation Partner does (R7).</summary>
    public bool SupportsSelfServiceDisconnect { get; }

    /// <summary>Whether the provider can be connected now (R16).</summary>
    public ProviderAvailability Availability { get; }

    /// <summary>Returns a copy with another availability, for example when the provider is retired.</summary>
    /// <param name="availability">The new availability.</param>
    /// <returns>The new descriptor.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="availability"/> is not defined.</exception>
    public ProviderDescriptor WithAvailability(ProviderAvailability availability) =>
        new(Key, DisplayName, Category, Workflows, SetupFields, SupportsSelfServiceDisconnect, availability);

    /// <summary>
    /// Checks a setup against the declared fields, offline: every required field is present and not blank, secret
    /// fields are given as secrets (and only they), no undeclared field is given, and every value given has its
    /// field's <see cref="SetupField.Format"/> (including, for every kind but text, no space or line break at either
    /// end). An optional field given blank counts as not given. Adapters may add checks that need code on top.
    /// </summary>
    /// <param name="setup">The values the merchant entered.</param>
    /// <returns>The validation, with at most one reason per field; reasons never contain a value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="setup"/> is null.</exception>
    public SetupValidation CheckFields(ProviderSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var errors = new List<SetupFieldError>();
        foreach (var field in SetupFields)
        {
            if (CheckField(field, setup) is { } reason)
            {
                errors.Add(new SetupFieldError(field.Name, reason));
            }
        }

        foreach (var name in setup.FieldNames)
        {
            if (!SetupFields.Any(f => f.Name == name))
            {
                errors.Add(new SetupFieldError(name, $"{DisplayName} has no setup field '{name}'."));
            }
        }

        return errors.Count == 0 ? SetupValidation.ValidFor(Key) : SetupValidation.Invalid(Key, errors);
    }

    /// <inheritdoc />
    public override string ToString() => $"{DisplayName} ({Key}, {Category})";

    /// <summary>Whether the provider supports <paramref name="workflow"/>: <see cref="Workflows"/> contains it.</summary>
    internal bool Serves(CommerceWorkflow workflow) =>
        (uint)workflow < 64 ? (_workflowMask & WorkflowBit(workflow)) != 0 : Workflows.Contains(workflow);

    // The one reason a field is refused for, or null. It is built from the field's declaration only, never from the value.
    private static string? CheckField(SetupField field, ProviderSetup setup)
    {
        var plain = setup.GetValue(field.Name);
        var secret = setup.GetSecret(field.Name);
        if (field.IsSecret && plain is not null)
        {
            return $"{field.DisplayName} is a secret and must be given as a secret value.";
        }

        if (!field.IsSecret && secret is not null)
        {
            return $"{field.DisplayName} is not a secret; give it as a plain value.";
        }

        var value = secret?.Reveal() ?? plain;
        if (string.IsNullOrWhiteSpace(value))
        {
            return field.IsRequired ? $"{field.DisplayName} is required." : null;
        }

        if (field.Format.RefusesSpaceAround(value))
        {
            return $"{field.DisplayName} must not start or end with a space or line break; remove them and try again.";
        }

        return field.Format.Accepts(value) ? null : $"{field.DisplayName} must be {field.Format.Description}.";
    }

    private static ulong WorkflowBit(CommerceWorkflow workflow) => (uint)workflow < 64 ? 1UL << (int)workflow : 0;
}
