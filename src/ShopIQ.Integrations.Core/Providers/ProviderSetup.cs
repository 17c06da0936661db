using System.Collections.Immutable;
using System.Globalization;

namespace ShopIQ.Integrations.Core;

/// <summary>The values a merchant entered to connect a provider, by field name.</summary>
/// <remarks>
/// Immutable and thread-safe; <see cref="With"/> and <see cref="WithSecret"/> return new setups. Secret
/// values are held as <see cref="SecretValue"/>s; <see cref="ToString"/> and every error message show
/// field names only, never a value. Error messages never repeat any value, since a
/// merchant may paste a secret into a plain field.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(ProviderSetupJsonConverter))]
public sealed class ProviderSetup
{
    private readonly ImmutableSortedDictionary<string, string> _values;
    private readonly ImmutableSortedDictionary<string, SecretValue> _secrets;

    private ProviderSetup(ImmutableSortedDictionary<string, string> values, ImmutableSortedDictionary<string, SecretValue> secrets)
    {
        _values = values;
        _secrets = secrets;
    }

    /// <summary>A setup with no values.</summary>
    public static ProviderSetup Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, SecretValue>(StringComparer.Ordinal));

    /// <summary>The names of all fields given, plain and secret, in ordinal order.</summary>
    public IEnumerable<string> FieldNames => _values.Keys.Concat(_secrets.Keys).Order(StringComparer.Ordinal);

    /// <summary>Returns a setup with a plain (non-secret) value for <paramref name="field"/>, replacing any earlier one.</summary>
    /// <param name="field">The field name, a lower-case slug.</param>
    /// <param name="value">
    /// The value; may be empty (validation reports it). At most 4096 characters of well-formed text: no half of a surrogate
    /// pair, no control character, line separator or invisible format character (Unicode category Cf, such as a
    /// zero-width space or a byte order mark pasted along with a key).
    /// </param>
    /// <returns>The new setup.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="field"/> is not a slug, or <paramref name="value"/> is too long or breaks the text rule (the message names the field and what is wrong, never the value).</exception>
    public ProviderSetup With(string field, string value)
    {
        Preconditions.CheckSlug(field, nameof(field), "Setup field name");
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 4096)
        {
            throw new ArgumentException($"The value of setup field '{field}' is longer than 4096 characters.", nameof(value));
        }

        if (Preconditions.FindBadCharacter(value) is { } problem)
        {
            // The value is never shown: a merchant may paste a secret into a plain field.
            throw new ArgumentException($"The value of setup field '{field}' {problem}.", nameof(value));
        }

        return new ProviderSetup(_values.SetItem(field, value), _secrets.Remove(field));
    }

    /// <summary>Returns a setup with a secret value for <paramref name="field"/>, replacing any earlier one.</summary>
    /// <param name="field">The field name, a lower-case slug.</param>
    /// <param name="secret">The secret.</param>
    /// <returns>The new setup.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="field"/> is not a slug.</exception>
    public ProviderSetup WithSecret(string field, SecretValue secret)
    {
        Preconditions.CheckSlug(field, nameof(field), "Setup field name");
        ArgumentNullException.ThrowIfNull(secret);
        return new ProviderSetup(_values.Remove(field), _secrets.SetItem(field, secret));
    }

    /// <summary>Gets a plain value.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The value, or null when the field was not given as a plain value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    public string? GetValue(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _values.GetValueOrDefault(field);
    }

    /// <summary>Gets a secret value.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The secret, or null when the field was not given as a secret.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    public SecretValue? GetSecret(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _secrets.GetValueOrDefault(field);
    }

    /// <summary>
    /// Lists the fields given, never their values: a merchant may paste a secret into a plain field, so
    /// plain values are not shown either. Secrets are marked <c>[redacted]</c>, plain values by their length.
    /// </summary>
    /// <returns>The text, for example <c>{key-id=(19 characters), key-secret=[redacted]}</c>.</returns>
    public override string ToString() =>
        "{" + string.Join(", ", FieldNames.Select(name => _secrets.ContainsKey(name)
            ? $"{name}={SecretValue.Redacted}"
            : string.Create(CultureInfo.InvariantCulture, $"{name}=({_values[name].Length} characters)"))) + "}";
}
